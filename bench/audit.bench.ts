// npm run bench:audit — against a seeded PostgreSQL (npm run seed -- --hosts 100000 --reports-per-host 10),
// times one fleet audit end to end in the real worker process (queued through BullMQ, computed, stored) with
// the worker's peak RSS, and the same statements sent as bare SQL from one `pg` client (the floor); then each
// export of that audit through a real API process, and the findings CSV export against a bare COPY.
// Usage: DATABASE_URL=... [REDIS_URL=...] npm run bench:audit
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { auditJobId, JobName, QueueName } from '@memfleet/contracts';
import { worstEvidenceKeys } from '@memfleet/audits';
import * as SQL from '../libs/persistence/src/repositories/audit-sections.sql';
import { REPO_ROOT, startApi, startProcess, UNLIMITED_RATES, WORKER_MAIN, type RunningApi } from '../test/helpers/processes';
import { measureExports } from './lib/export-phase';
import { REDIS_TEST_URL, uniqueQueuePrefix } from '../test/helpers/throwaway-db';

const log = (s: string) => console.log(`[bench:audit] ${s}`);
const LIMIT = 20;
const ADMIN_TOKEN = 'bench-audit-admin-token-0123456789';

/** Peak resident set of a process (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a database seeded with npm run seed');
  const redisUrl = process.env.REDIS_URL ?? REDIS_TEST_URL;
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const count = async (sql: string) => Number((await pg.query(sql)).rows[0].n);
  const hosts = await count(`SELECT count(*) AS n FROM hosts`);
  const reports = await count(`SELECT count(*) AS n FROM reports`);
  const hits = await count(`SELECT count(*) AS n FROM findings WHERE outcome = 'hit'`);
  const events = await count(`SELECT count(*) AS n FROM finding_events`);
  log(`${hosts} hosts, ${reports} reports, ${hits} hits, ${events} finding events`);

  const prefix = uniqueQueuePrefix();
  // Housekeeping must leave the seed alone while the worker runs: nothing is old enough to prune or retire.
  const worker = startProcess(WORKER_MAIN, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    MEMFLEET_QUEUE_PREFIX: prefix,
    MEMFLEET_HISTORY_DAYS: '3650',
    MEMFLEET_RETIRE_DAYS: '3650',
    MEMFLEET_AUDIT_RETENTION_DAYS: '36500',
    LOG_LEVEL: 'warn',
  });
  let api: RunningApi | undefined;
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Audits, { connection: redis, prefix });
  const results: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    hosts,
    reports,
    hits,
    events,
  };
  try {
    // The worker is up once it has declared its schedules (the housekeeping queue's job schedulers).
    const booted = Date.now();
    const housekeeping = new Queue(QueueName.Housekeeping, { connection: redis, prefix });
    while ((await housekeeping.getJobSchedulersCount()) === 0) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      if (Date.now() - booted > 120_000) throw new Error(`worker did not start:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await housekeeping.close();
    const rssIdle = peakRssMiB(worker.child.pid!);

    const { rows } = await pg.query(`INSERT INTO audits (trigger, requested_by, scope) VALUES ('manual', 'bench:audit', '{}') RETURNING id`);
    const auditId: string = rows[0].id;
    const t0 = Date.now();
    await queue.add(JobName.RunAudit, { auditId }, { jobId: auditJobId(auditId) });
    let status = 'queued';
    while (status !== 'done') {
      await new Promise((r) => setTimeout(r, 100));
      const row = (await pg.query(`SELECT status, error, progress FROM audits WHERE id = $1`, [auditId])).rows[0];
      if (row.status === 'failed') throw new Error(`the audit failed: ${row.error}`);
      status = row.status;
      if (Date.now() - t0 > 600_000) throw new Error(`the audit did not finish in 10 minutes: ${JSON.stringify(row.progress)}`);
    }
    const endToEndMs = Date.now() - t0;
    const row = (
      await pg.query(`SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms, pg_column_size(summary) AS bytes FROM audits WHERE id = $1`, [auditId])
    ).rows[0];
    const stored = await count(`SELECT count(*) AS n FROM audit_hits WHERE audit_id = '${auditId}'`);
    const rssPeak = peakRssMiB(worker.child.pid!);
    results.audit = {
      endToEndMs,
      computeMs: Math.round(Number(row.ms)),
      hitsStored: stored,
      summaryBytes: Number(row.bytes),
      workerPeakRssMiB: Math.round(rssPeak),
      workerIdlePeakRssMiB: Math.round(rssIdle),
    };
    log(
      `one audit end to end: ${(endToEndMs / 1000).toFixed(1)} s (computed in ${(Number(row.ms) / 1000).toFixed(1)} s), ${stored} hits stored; worker peak RSS ${rssPeak.toFixed(0)} MiB (idle ${rssIdle.toFixed(0)} MiB)`,
    );

    // The floor: the same statements, one after another, from a bare client on a second audit row.
    const floor = (
      await pg.query(
        `INSERT INTO audits (trigger, requested_by, scope, status, started_at) VALUES ('manual', 'bench:audit floor', '{}', 'running', now()) RETURNING id`,
      )
    ).rows[0].id as string;
    await pg.query(`UPDATE audits a SET previous_audit_id = $2 WHERE id = $1`, [floor, auditId]);
    const statements: [string, string, unknown[]][] = [
      ['snapshot', SQL.SNAPSHOT_HITS_SQL, [floor]],
      ['fleet', SQL.FLEET_SQL, [floor]],
      ['notEvaluated', SQL.NOT_EVALUATED_SQL, [floor]],
      ['findingsByRule', SQL.FINDINGS_BY_RULE_SQL, [floor]],
      ['silenced', SQL.SILENCED_SQL, [floor, LIMIT]],
      ['hitChanges', SQL.HIT_CHANGES_SQL, [floor, LIMIT]],
      ['hostChanges', SQL.HOST_CHANGES_SQL, [floor, LIMIT]],
      ['remediations', SQL.REMEDIATIONS_SQL, [floor, LIMIT]],
      ['patterns', SQL.PATTERNS_SQL, [floor, LIMIT, JSON.stringify(worstEvidenceKeys())]],
      ['fixes', SQL.FIXES_SQL, [floor]],
    ];
    const floorMs: Record<string, number> = {};
    const f0 = Date.now();
    for (const [name, text, params] of statements) {
      const s0 = Date.now();
      await pg.query(text, params);
      floorMs[name] = Date.now() - s0;
    }
    const bareTotalMs = Date.now() - f0;
    await pg.query(`DELETE FROM audits WHERE id = $1`, [floor]);

    api = await startApi(
      {
        ...UNLIMITED_RATES,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        MEMFLEET_QUEUE_PREFIX: prefix,
        MEMFLEET_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
      },
      120_000,
    );
    results.exports = await measureExports(api.url, ADMIN_TOKEN, auditId, pg);
    await pg.query(`DELETE FROM audits WHERE id = $1`, [auditId]);
    results.bareSql = { totalMs: bareTotalMs, statementsMs: floorMs };
    log(
      `the same statements as bare SQL: ${(bareTotalMs / 1000).toFixed(1)} s (${Object.entries(floorMs)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')})`,
    );

    const out = path.join(REPO_ROOT, 'bench/results/audit.json');
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await worker.stop();
    await api?.stop();
    await queue.close();
    // Leave nothing of this run in the shared Redis.
    for (const name of Object.values(QueueName)) {
      const q = new Queue(name, { connection: redis, prefix });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await redis.quit();
    await pg.end();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
