import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { HousekeepingRunsRepository } from './housekeeping-runs.repository';

describe('HousekeepingRunsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: HousekeepingRunsRepository;
  before(async () => {
    ({ ds, close } = await migratedDataSource(2));
    repo = new HousekeepingRunsRepository(ds);
  });
  after(async () => close());

  const rows = async () =>
    (await ds.query(`SELECT job, job_id, process, affected, error, started_at FROM housekeeping_runs ORDER BY started_at, id`)) as {
      job: string;
      job_id: string;
      process: string;
      affected: number | null;
      error: string | null;
      started_at: Date;
    }[];

  it('records each run with its tick, process, result or error', async () => {
    const t0 = Date.now() - 60_000;
    await repo.record({ job: 'prune-history', jobId: 'repeat:a:1', process: 'vm:1', startedAt: new Date(t0 + 1000), affected: 3, error: null });
    await repo.record({ job: 'prune-history', jobId: 'repeat:a:2', process: 'vm:2', startedAt: new Date(t0 + 2000), affected: null, error: 'boom' });
    assert.deepEqual(
      (await rows()).map((r) => [r.job, r.job_id, r.process, r.affected, r.error, r.started_at.getTime()]),
      [
        ['prune-history', 'repeat:a:1', 'vm:1', 3, null, t0 + 1000],
        ['prune-history', 'repeat:a:2', 'vm:2', null, 'boom', t0 + 2000],
      ],
    );
  });

  it('prunes records of runs older than the given days, and only those', async () => {
    await repo.record({ job: 'expire-silences', jobId: 'old', process: 'vm:1', startedAt: new Date(Date.now() - 20 * 86400_000), affected: 0, error: null });
    assert.equal(await repo.pruneOlderThan(14), 1);
    assert.equal(await repo.pruneOlderThan(14), 0);
    assert.deepEqual(
      (await rows()).map((r) => r.job_id),
      ['repeat:a:1', 'repeat:a:2'],
    );
  });
});
