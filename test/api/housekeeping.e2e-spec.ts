import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@memfleet/persistence';
import { JobName, sampleReport } from '@memfleet/contracts';
import { evaluateReport } from '@memfleet/rules';
import { agedReport, dayAgo } from '../../libs/persistence/src/testing/partition-fixtures';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'housekeeping-enroll-secret-0123456789';
const HOSTS = 5;
const REPORTS_PER_HOST = 3;
const SILENT_HOSTS = 2;

/** A generated host report on which some rule hits, so a silence has a finding to cover. */
function hittingReport() {
  for (let i = 0; i < 200; i++) {
    const report = generateReport(i);
    if (evaluateReport(report).some((r) => r.outcome === 'hit')) return report;
  }
  throw new Error('no generated report hits');
}

interface RunRow {
  job: string;
  job_id: string;
  process: string;
  affected: number | null;
  error: string | null;
}

describe('housekeeping: one run per tick with an API and a worker on one database and queue', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let pg: Client;
  const running: RunningProcess[] = [];
  let env: Record<string, string>;
  let strandedHostId: string;
  let oldDay: string;

  before(async () => {
    db = await createThrowawayDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: 'housekeeping-admin-0123456789',
    };
    // A fleet to keep house for: every host reports a few times, then its history and some hosts age.
    // Seeded on a queue prefix of its own, as if Redis had since lost every job: a report left `queued`
    // then has no job anywhere, which is what the stranded-report sweep exists for.
    const seeding: RunningApi = await startApi({ ...env, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_RUN_WORKERS: 'true' });
    for (let i = 0; i < HOSTS; i++) {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
      const { agentToken } = await enroll(seeding.url, SECRET, report);
      for (let sequence = 1; sequence <= REPORTS_PER_HOST; sequence++)
        assert.equal((await postReport(seeding.url, agentToken, { ...report, sequence }, { wait: 20 })).status, 200);
    }
    // One more host with a hit that a silence covers, and one report that reached PostgreSQL but never the queue.
    const hitting = hittingReport();
    const { agentToken } = await enroll(seeding.url, SECRET, hitting);
    assert.equal((await postReport(seeding.url, agentToken, { ...hitting, sequence: 1 }, { wait: 20 })).status, 200);
    await seeding.stop();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const hit = (await pg.query(`SELECT host_id, rule_id FROM findings WHERE outcome = 'hit' LIMIT 1`)).rows[0];
    await pg.query(`INSERT INTO silences (rule_id, host_id, reason, author, expires_at) VALUES ($1, $2, 'maintenance', 'test', now() + interval '1 day')`, [
      hit.rule_id,
      hit.host_id,
    ]);
    await pg.query(`UPDATE findings SET silenced = true WHERE host_id = $1 AND rule_id = $2`, [hit.host_id, hit.rule_id]);
    // Every report but the hitting host's arrived 40 days ago (past MEMFLEET_REPORT_RETENTION_DAYS): moved into that day's partition.
    const ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 1 }));
    await ds.initialize();
    for (const { id } of (await pg.query(`SELECT id FROM reports WHERE host_id <> $1`, [hit.host_id])).rows) await agedReport(ds, id, 40);
    oldDay = await dayAgo(ds, 40);
    await ds.destroy();
    strandedHostId = (
      await pg.query(
        `UPDATE reports SET status = 'queued' WHERE id = (SELECT latest_report_id FROM hosts WHERE id <> $1 ORDER BY id DESC LIMIT 1) RETURNING host_id`,
        [hit.host_id],
      )
    ).rows[0].host_id;
    await pg.query(
      `UPDATE hosts SET last_seen_at = now() - interval '40 days' WHERE id IN (SELECT id FROM hosts WHERE id <> $1 ORDER BY id LIMIT ${SILENT_HOSTS})`,
      [hit.host_id],
    );
    await pg.query(`DELETE FROM housekeeping_runs`);
  });

  after(async () => {
    await pg?.end();
    await Promise.all(running.map((p) => p.stop()));
    await db?.drop();
  });

  it('runs each housekeeping job once per tick, whichever process takes it, and retires and prunes once', async () => {
    const every = 1;
    const started = Date.now();
    const fast = {
      ...env,
      MEMFLEET_SWEEP_SECONDS: String(every),
      MEMFLEET_HISTORY_DAYS: '14',
      MEMFLEET_REPORT_RETENTION_DAYS: '30',
      MEMFLEET_RETIRE_DAYS: '30',
    };
    running.push(await startApi({ ...fast, MEMFLEET_RUN_WORKERS: 'true' }), startProcess(WORKER_MAIN, fast));
    await pg.query(`UPDATE silences SET expires_at = now() + interval '2 seconds'`);
    await new Promise((r) => setTimeout(r, 8000));
    const runs: RunRow[] = (await pg.query(`SELECT job, job_id, process, affected, error FROM housekeeping_runs ORDER BY started_at`)).rows;
    const elapsed = (Date.now() - started) / 1000;
    for (const job of [JobName.SweepStrandedReports, JobName.ExpireSilences, JobName.PruneHistory, JobName.MaintainPartitions, JobName.RetireSilentHosts]) {
      const of = runs.filter((r) => r.job === job);
      const ticks = new Set(of.map((r) => r.job_id));
      assert.equal(ticks.size, of.length, `${job}: no tick ran twice (${JSON.stringify(of.map((r) => [r.job_id, r.process]))})`);
      assert.ok(of.length >= 3, `${job} ran on schedule: ${of.length} runs in ${elapsed.toFixed(1)} s`);
      assert.ok(of.length <= Math.ceil(elapsed / every) + 1, `${job}: ${of.length} runs in ${elapsed.toFixed(1)} s is more than one per tick`);
      assert.deepEqual(
        of.filter((r) => r.error),
        [],
        `${job} did not fail`,
      );
    }
    const did = (job: JobName) => runs.filter((r) => r.job === job && r.affected).map((r) => r.affected);
    assert.deepEqual(did(JobName.RetireSilentHosts), [SILENT_HOSTS], 'the silent hosts were retired by one run');
    // Creating the week ahead was the migration's; the runs drop the old day of reports and of samples, once.
    assert.deepEqual(did(JobName.MaintainPartitions), [2], 'one run dropped the old day of reports and of samples');
    assert.deepEqual(did(JobName.ExpireSilences), [1], "the silence's host got its finding back from one run");
    const left = await pg.query(
      `SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM hosts WHERE retired_at IS NOT NULL) AS retired,
              (SELECT count(*)::int FROM findings WHERE silenced) AS silenced,
              (SELECT r.status FROM hosts h JOIN reports r ON r.id = h.latest_report_id WHERE h.id = $1) AS stranded,
              (SELECT count(*)::int FROM hosts h JOIN reports r ON r.id = h.latest_report_id) AS "withLatest",
              (SELECT count(*)::int FROM pg_class WHERE relname IN ('reports_p' || $2, 'report_samples_p' || $2)) AS "oldDays"`,
      [strandedHostId, oldDay.replace(/-/g, '')],
    );
    // Each host kept its latest report (carried out of the dropped day), and the stranded one was still evaluated.
    assert.deepEqual(left.rows[0], { reports: HOSTS + 1, retired: SILENT_HOSTS, silenced: 0, stranded: 'evaluated', withLatest: HOSTS + 1, oldDays: 0 });
  });
});
