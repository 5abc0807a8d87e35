// What "evaluated" means to the benchmarks: a report whose findings are current. `settled` (nothing a
// rule reads changed, no job needed) and `superseded` (a newer report of its host was evaluated) count.
import type { Client } from 'pg';

export const EVALUATED_STATUSES = ['evaluated', 'settled', 'superseded'] as const;
const DONE = `status IN (${[...EVALUATED_STATUSES, 'failed'].map((s) => `'${s}'`).join(', ')})`;
export const EVALUATED_SQL = `status IN (${EVALUATED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/**
 * When a report's findings became current: its evaluation, or for a report settled at ingest (which may
 * carry no evaluation time) its arrival.
 */
export const EVALUATED_AT_SQL = 'COALESCE(evaluated_at, received_at)';

/** Waits until no report in the sequence range awaits evaluation; answers how many still do at the deadline. */
export async function waitEvaluated(pg: Client, fromSequence: number, toSequence: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM reports WHERE NOT ${DONE} AND sequence BETWEEN $1 AND $2`, [fromSequence, toSequence]);
    if (rows[0].n === 0 || Date.now() > deadline) return rows[0].n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ToFindings {
  p50: number;
  p99: number;
  evaluated: number;
  evaluatedPerSecond: number;
  failed: number;
  backlogAfterRun: number;
}

/** POST→findings latency and the evaluated rate of the reports received since `since` with sequence ≥ `fromSequence`. */
export async function toFindings(pg: Client, since: Date, fromSequence: number, backlog: number): Promise<ToFindings> {
  const { rows } = await pg.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*)::int AS n,
            EXTRACT(EPOCH FROM max(done) - min(received_at)) AS span,
            (SELECT count(*)::int FROM reports WHERE status = 'failed' AND sequence >= $2 AND received_at >= $1) AS failed
       FROM (SELECT EXTRACT(EPOCH FROM ${EVALUATED_AT_SQL} - received_at) * 1000 AS ms, ${EVALUATED_AT_SQL} AS done, received_at
               FROM reports WHERE sequence >= $2 AND received_at >= $1 AND ${EVALUATED_SQL}) x`,
    [since, fromSequence],
  );
  const r = rows[0];
  return {
    p50: Number(r.p50),
    p99: Number(r.p99),
    evaluated: r.n,
    evaluatedPerSecond: r.n / Number(r.span),
    failed: r.failed,
    backlogAfterRun: backlog,
  };
}
