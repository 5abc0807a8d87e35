import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { sampleReport, upgradeFactsV1, validateReport, withProcess, type Report } from '@memfleet/contracts';
import { reportFromRow } from '@memfleet/evaluation';
import { dataSourceOptions, EvaluationRepository, MIGRATIONS, runMigrationsWithLock } from '@memfleet/persistence';
import { enrolledHost, storedReport } from '../libs/persistence/src/testing/repository-fixtures';
import { createThrowawayDatabase, type ThrowawayDb } from '../test/helpers/throwaway-db';
import { ProcessIdsInMetrics1764061200000 } from './1764061200000-ProcessIdsInMetrics';

/** A report as an agent of schema version 1 sent it, and a pre-version-2 server stored it: pid and start time in the configuration. */
function asVersion1(r: Report): any {
  const v1 = structuredClone(r) as any;
  v1.schemaVersion = 1;
  for (const p of v1.configuration.processes) {
    const m = v1.metrics.processes.find((x: { subject: string }) => x.subject === p.subject);
    p.pid = m?.pid ?? null;
    p.startTimeSecondsSinceBoot = m?.startTimeSecondsSinceBoot ?? null;
    if (m) {
      delete m.pid;
      delete m.startTimeSecondsSinceBoot;
    }
  }
  return v1;
}

const twoProcesses = (sequence: number) =>
  withProcess(
    withProcess(sampleReport({ sequence }), { subject: 'redis:/usr/bin/redis-server' }),
    { subject: 'envoy:/usr/local/bin/envoy' },
    { startTimeSecondsSinceBoot: 4242 },
  );

describe('migration ProcessIdsInMetrics: stored version 1 rows in the current shape', () => {
  let db: ThrowawayDb;
  let ds: DataSource;
  const v1 = asVersion1(twoProcesses(1));
  let hostId: string;
  let configId: string;
  const reportIds: string[] = [];
  let current: { hostId: string; configuration: unknown; metrics: unknown };

  before(async () => {
    db = await createThrowawayDatabase();
    // The schema as it was before this migration, with rows as a version 1 server wrote them.
    ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 2 }), migrations: MIGRATIONS.filter((m) => m !== ProcessIdsInMetrics1764061200000) });
    await ds.initialize();
    await runMigrationsWithLock(ds);
    hostId = (await enrolledHost(ds)).id;
    [{ id: configId }] = await ds.query(`INSERT INTO host_configs (host_id, config_hash, configuration) VALUES ($1, $2, $3) RETURNING id`, [
      hostId,
      'a'.repeat(64),
      JSON.stringify(v1.configuration),
    ]);
    // The second report has no metrics entry for envoy: the upgrade gives it one with only its ids.
    const metricsOf = [v1.metrics, { ...v1.metrics, processes: v1.metrics.processes.filter((p: { subject: string }) => !p.subject.startsWith('envoy')) }];
    for (const [i, metrics] of metricsOf.entries()) {
      const [r] = await ds.query(
        `INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, metrics) VALUES ($1, $2, $3, now(), 1, '0.0.9', $4) RETURNING id`,
        [hostId, configId, i + 1, JSON.stringify(metrics)],
      );
      reportIds.push(r.id);
    }
    await ds.query(`UPDATE hosts SET latest_report_id = $2, latest_config_id = $3, last_sequence = 2 WHERE id = $1`, [hostId, reportIds[1], configId]);
    // A host whose rows are already current must come out untouched.
    const other = await enrolledHost(ds);
    const stored = await storedReport(ds, other.id, { report: twoProcesses(1) });
    const [row] = await ds.query(`SELECT c.configuration, r.metrics FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.id = $1`, [
      stored.report_id,
    ]);
    current = { hostId: other.id, ...row };
    await ds.destroy();

    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2 }));
    await ds.initialize();
    assert.deepEqual(await runMigrationsWithLock(ds), ['ProcessIdsInMetrics1764061200000']);
  });
  after(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('moves pids and start times from the configuration to each report’s metrics, as the contract’s upgrade does', async () => {
    const [{ configuration }] = await ds.query(`SELECT configuration FROM host_configs WHERE id = $1`, [configId]);
    const expected = upgradeFactsV1(v1.configuration, v1.metrics);
    assert.deepEqual(configuration, expected.configuration);
    assert.ok(configuration.processes.every((p: object) => !('pid' in p) && !('startTimeSecondsSinceBoot' in p)));
    const [first, second] = await Promise.all(reportIds.map(async (id) => (await ds.query(`SELECT metrics FROM reports WHERE id = $1`, [id]))[0].metrics));
    assert.deepEqual(first, expected.metrics);
    assert.deepEqual(
      second.processes.find((p: { subject: string }) => p.subject.startsWith('envoy')),
      { subject: 'envoy:/usr/local/bin/envoy', pid: 1001, startTimeSecondsSinceBoot: 4242 },
    );
  });

  it('reads back for evaluation exactly as a version 1 report accepted today is stored', async () => {
    const row = (await new EvaluationRepository(ds).load(reportIds[0], 12))!;
    const { report } = reportFromRow(row);
    const accepted = validateReport(v1);
    assert.ok(accepted.ok);
    assert.deepEqual(report.configuration, accepted.report.configuration);
    assert.deepEqual(report.metrics, accepted.report.metrics);
  });

  it('leaves rows already in the current shape as they are', async () => {
    const [row] = await ds.query(`SELECT c.configuration, r.metrics FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1`, [
      current.hostId,
    ]);
    assert.deepEqual(row, { configuration: current.configuration, metrics: current.metrics });
  });
});
