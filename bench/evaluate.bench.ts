// npm run bench:evaluate — the worker's full loop on the real PostgreSQL (load report, run every rule,
// upsert findings, append events, mark evaluated) against bare `pg` running the same reads and writes
// with the rule results precomputed: the difference is the engine plus the service around the SQL.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { EvaluationService, evaluationWrite, HISTORY_SAMPLES, reportFromRow } from '@memfleet/evaluation';
import {
  createDataSource,
  EvaluationRepository,
  INGEST_BATCH_SQL,
  ingestRowOf,
  LOAD_SQL,
  ReportsRepository,
  runMigrationsWithLock,
  SettingsRepository,
  STORE_SQL,
  storeValues,
  type EvaluationRow,
} from '@memfleet/persistence';
import { catalogueRevision, evaluateReport } from '@memfleet/rules';
import { REPO_ROOT } from '../test/helpers/processes';
import { createThrowawayDatabase } from '../test/helpers/throwaway-db';
import { hostReport } from './lib/ingest-reports';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const log = (s: string) => console.log(`[bench:evaluate] ${s}`);

async function parallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<number> {
  let i = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const db = await createThrowawayDatabase('memfleet_bench');
  const ds = createDataSource({ url: db.url, poolSize: CONCURRENCY });
  await ds.initialize();
  await runMigrationsWithLock(ds);
  const pool = new Pool({ connectionString: db.url, max: CONCURRENCY });
  try {
    log(`seeding ${HOSTS} hosts, two reports each`);
    const ids: string[] = (
      await pool.query(
        `INSERT INTO hosts (machine_id, hostname) SELECT lpad(to_hex(g), 32, '0'), 'node-' || g FROM generate_series(0, $1 - 1) g RETURNING id`,
        [HOSTS],
      )
    ).rows.map((r) => r.id);
    const reportIds: string[][] = [[], []];
    for (const seq of [1, 2]) {
      for (let start = 0; start < HOSTS; start += 200) {
        const rows = [];
        for (let h = start; h < Math.min(HOSTS, start + 200); h++) {
          const r = hostReport(h, seq, 0);
          rows.push(ingestRowOf(ids[h], r, createHash('sha256').update(JSON.stringify(r.configuration)).digest('hex'), true, null));
        }
        const res = await pool.query(INGEST_BATCH_SQL, [JSON.stringify(rows)]);
        reportIds[seq - 1].push(...res.rows.map((row) => row.report_id as string));
      }
    }
    const evaluation = new EvaluationService(new EvaluationRepository(ds), new ReportsRepository(ds), new SettingsRepository(ds));
    // First pass opens the findings (inserts); the measured pass is the steady state: a host's next report.
    await parallel(reportIds[0], CONCURRENCY, async (id) => void (await evaluation.evaluate(id, catalogueRevision)));
    log(`memfleet: EvaluationService.evaluate × ${HOSTS}, concurrency ${CONCURRENCY}`);
    // Every rule, as the baseline's precomputed results: a report that changes nothing would otherwise run none.
    const memfleetSeconds = await parallel(reportIds[1], CONCURRENCY, async (id) => void (await evaluation.evaluate(id, catalogueRevision, { all: true })));

    // Baseline: precompute every result, then run only LOAD_SQL + STORE_SQL through bare pg for the same reports.
    await pool.query(`UPDATE reports SET status = 'queued' WHERE sequence = 2`);
    const prepared = new Map<string, unknown[]>();
    for (const id of reportIds[1]) {
      const row: EvaluationRow = (await pool.query(LOAD_SQL, [id, HISTORY_SAMPLES])).rows[0];
      const { report, history } = reportFromRow(row);
      prepared.set(
        id,
        storeValues(
          evaluationWrite(
            row.host_id,
            id,
            { epoch: row.epoch, sequence: Number(row.sequence) },
            catalogueRevision,
            evaluateReport(report, { history }),
            row.existing ?? [],
            '',
            new Set(),
          ),
        ),
      );
    }
    log(`baseline: bare pg, the same LOAD and STORE statements × ${HOSTS}`);
    const bareSeconds = await parallel(reportIds[1], CONCURRENCY, async (id) => {
      const row = (await pool.query({ name: 'load', text: LOAD_SQL, values: [id, HISTORY_SAMPLES] })).rows[0];
      const params = prepared.get(id)!;
      params[11] = row.host_version;
      await pool.query({ name: 'store', text: STORE_SQL, values: params });
    });
    const memfleet = HOSTS / memfleetSeconds;
    const bare = HOSTS / bareSeconds;
    log(`memfleet ${memfleet.toFixed(0)} reports/s; bare pg ${bare.toFixed(0)} reports/s; fraction ${(memfleet / bare).toFixed(2)}`);
    const out = path.join(REPO_ROOT, 'bench/results/evaluate.json');
    fs.writeFileSync(
      out,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, hosts: HOSTS, concurrency: CONCURRENCY, memfleetPerSecond: memfleet, barePgPerSecond: bare, fraction: memfleet / bare }, null, 2)}\n`,
    );
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await pool.end();
    await ds.destroy();
    await db.drop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
