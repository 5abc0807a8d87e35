import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { dataSourceOptions, MIGRATIONS, runMigrationsWithLock } from '@memfleet/persistence';
import { enrolledHost, storedReport } from '../libs/persistence/src/testing/repository-fixtures';
import { createThrowawayDatabase, type ThrowawayDb } from '../test/helpers/throwaway-db';
import { HostInstanceEpochs1764169200000 } from './1764169200000-HostInstanceEpochs';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const NIL = '00000000-0000-0000-0000-000000000000';

describe('migration HostInstanceEpochs: each instance keeps the epoch its reports have', () => {
  let db: ThrowawayDb;
  let ds: DataSource;
  let hostId: string;

  before(async () => {
    db = await createThrowawayDatabase();
    ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 2 }), migrations: MIGRATIONS.filter((m) => m !== HostInstanceEpochs1764169200000) });
    await ds.initialize();
    await runMigrationsWithLock(ds);
    // Reports as the previous order stored them: no instance, then A and B alternating, each switch a new epoch.
    hostId = (await enrolledHost(ds)).id;
    const [cfg] = await ds.query(`INSERT INTO host_configs (host_id, config_hash, configuration) VALUES ($1, 'h', '{}') RETURNING id`, [hostId]);
    for (const [instance, epoch, sequence] of [
      [null, 0, 7],
      [A, 1, 1],
      [B, 2, 1],
      [A, 3, 2],
    ] as const) {
      await ds.query(
        `INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, metrics, instance_id, epoch)
         VALUES ($1, $2, $3, now(), 1, '1', '{}', $4, $5)`,
        [hostId, cfg.id, sequence, instance, epoch],
      );
    }
    await ds.query(`UPDATE hosts SET instance_id = $2, instance_epoch = 3, last_sequence = 2 WHERE id = $1`, [hostId, A]);
    await ds.destroy();
    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2 }));
    await ds.initialize();
    assert.deepEqual(await runMigrationsWithLock(ds), ['HostInstanceEpochs1764169200000']);
  });
  after(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('records each instance (and the instance-less agent) at its latest epoch, and ingest reuses it', async () => {
    const rows: { instance_id: string; epoch: number }[] = await ds.query(`SELECT instance_id, epoch FROM host_instances WHERE host_id = $1 ORDER BY epoch`, [
      hostId,
    ]);
    assert.deepEqual(
      rows.map((r) => [r.instance_id, r.epoch]),
      [
        [NIL, 0],
        [B, 2],
        [A, 3],
      ],
    );
    const withInstance = (sequence: number, instanceId: string) => {
      const r = sampleReport({ sequence });
      return { ...r, agent: { ...r.agent, instanceId } };
    };
    const late = await storedReport(ds, hostId, { report: withInstance(5, B) });
    assert.equal((await ds.query(`SELECT epoch FROM reports WHERE id = $1`, [late.report_id]))[0].epoch, 2, 'B keeps its epoch, older than A');
    const fresh = await storedReport(ds, hostId, { report: withInstance(1, C) });
    assert.equal((await ds.query(`SELECT epoch FROM reports WHERE id = $1`, [fresh.report_id]))[0].epoch, 4, 'a new instance is newest');
  });
});
