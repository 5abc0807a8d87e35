import { randomUUID } from 'node:crypto';
import { sampleReport, type Report } from '@memfleet/contracts';
import { enroll, postReport } from './api-client';
import { until } from './until';

/** pg's Client or PGlite: both answer `query(text, values)` with `{ rows }`. */
export interface Queryable {
  query<R = any>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface LoadHost {
  report: Report;
  token: string;
  /** The sequence of the host's next report; a later load goes on from it. */
  nextSequence: number;
}

/** What the load saw; `accepted` maps each Idempotency-Key answered 2xx to the report id the API gave. */
export interface LoadResult {
  accepted: Map<string, string>;
  /** Every answer by status, and `network` for a request that got no answer. */
  statuses: Map<string, number>;
  /** Retry-After of each 503 (null when it had none). */
  retryAfter: (string | null)[];
  /** Bodies of answers that were neither 2xx nor 503. */
  unexpected: string[];
}

export async function enrollHosts(url: string, secret: string, n: number): Promise<LoadHost[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
      return { report, token: (await enroll(url, secret, report)).agentToken, nextSequence: 1 };
    }),
  );
}

const running = new Set<() => Promise<unknown>>();

/** Stops every load still running (an `after` hook: a failed assertion must not leave one posting). */
export async function stopLoads(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/**
 * Each host posts reports one after another as the agent does: the next sequence once the server took
 * one; after a 503 or no answer, the same report again with the same Idempotency-Key. `url()` is read
 * per request, so a test can point the load at a restarted API.
 */
export function startLoad(url: () => string, hosts: LoadHost[], pauseMs = 20) {
  const result: LoadResult = { accepted: new Map(), statuses: new Map(), retryAfter: [], unexpected: [] };
  let stopping = false;
  const count = (k: string) => result.statuses.set(k, (result.statuses.get(k) ?? 0) + 1);
  const loops = hosts.map(async (host) => {
    let key = randomUUID();
    while (!stopping) {
      try {
        const res = await postReport(url(), host.token, { ...host.report, sequence: host.nextSequence }, { idempotencyKey: key, gzip: true });
        count(String(res.status));
        if (res.status >= 200 && res.status < 300) {
          result.accepted.set(key, res.body.reportId);
          host.nextSequence++;
          key = randomUUID();
        } else if (res.status === 503) {
          result.retryAfter.push(res.headers.get('retry-after'));
        } else {
          result.unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
          host.nextSequence++;
          key = randomUUID();
        }
      } catch {
        count('network');
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  });
  const stop = async (): Promise<LoadResult> => {
    stopping = true;
    await Promise.all(loops);
    running.delete(stop);
    return result;
  };
  running.add(stop);
  return {
    result,
    /** Number of 2xx answers so far. */
    acceptedCount: () => result.accepted.size,
    stop,
  };
}

/**
 * Every report answered 2xx is stored under its id and key exactly once, and, once the queue has
 * drained, each was evaluated by exactly one committed evaluation. Returns the reports not yet done.
 */
export async function storedOnce(pg: Queryable, accepted: Map<string, string>): Promise<{ missing: string[]; duplicateKeys: string[]; total: number }> {
  const ids = [...accepted.values()];
  const found = new Set((await pg.query<{ id: string }>(`SELECT id FROM reports WHERE id = ANY($1::uuid[])`, [ids])).rows.map((r) => r.id));
  const duplicateKeys = (
    await pg.query<{ k: string }>(
      `SELECT idempotency_key AS k FROM reports WHERE idempotency_key IS NOT NULL GROUP BY host_id, idempotency_key HAVING count(*) > 1`,
    )
  ).rows.map((r) => r.k);
  const total = Number((await pg.query(`SELECT count(*) AS n FROM reports`)).rows[0].n);
  return { missing: ids.filter((id) => !found.has(id)), duplicateKeys, total };
}

/** Waits until no report is left queued, then returns the reports not evaluated exactly once (or settled without a job). */
export async function allEvaluatedOnce(pg: Queryable, timeoutMs = 90_000): Promise<{ id: string; status: string; attempts: number }[]> {
  await until(
    'every stored report evaluated',
    async () => Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE status = 'queued'`)).rows[0].n) === 0,
    timeoutMs,
    500,
  );
  // attempts counts committed evaluations (a failed one rolls back); an older report of a host may be superseded, and
  // one that changed no rule input is settled at ingest, without a job.
  return (
    await pg.query(
      `SELECT id, status, attempts FROM reports
        WHERE NOT ((attempts = 1 AND status IN ('evaluated', 'superseded')) OR (attempts = 0 AND status = 'settled'))`,
    )
  ).rows;
}

/** Findings opened more than once by the same report: an evaluation that ran twice would add such events. */
export async function duplicateOpenedEvents(pg: Queryable): Promise<{ finding_id: string; opened: number }[]> {
  return (
    await pg.query(`SELECT finding_id, count(*)::int AS opened FROM finding_events WHERE kind = 'opened' GROUP BY finding_id, report_id HAVING count(*) > 1`)
  ).rows;
}
