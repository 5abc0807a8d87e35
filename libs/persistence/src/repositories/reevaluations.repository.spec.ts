import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, storedReport } from '../testing/repository-fixtures';
import { ReevaluationsRepository } from './reevaluations.repository';

describe('ReevaluationsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: ReevaluationsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new ReevaluationsRepository(ds);
  });
  after(async () => close());

  it('starts a run over the active hosts that reported, and finishes it once every host is done or failed', async () => {
    for (let i = 0; i < 3; i++) await storedReport(ds, (await enrolledHost(ds)).id);
    await enrolledHost(ds); // never reported
    const retired = await enrolledHost(ds);
    await storedReport(ds, retired.id);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [retired.id]);

    const run = await repo.start('rev1', 'thresholds changed');
    assert.equal(run.total, 3);
    await repo.recordProgress(run.id, 1, 0);
    let r = (await repo.get(run.id))!;
    assert.deepEqual([r.catalogueRevision, r.reason, r.total, r.done, r.failed, r.finishedAt], ['rev1', 'thresholds changed', 3, 1, 0, null]);
    await repo.recordProgress(run.id, 1, 1);
    r = (await repo.get(run.id))!;
    assert.deepEqual([r.done, r.failed], [2, 1]);
    assert.ok(r.finishedAt instanceof Date);
    assert.equal(await repo.get(randomUUID()), null);
  });

  it('finishes an empty run at once, and lists the 20 most recent runs, newest first', async () => {
    await ds.query(`UPDATE hosts SET retired_at = now()`);
    const empty = await repo.start('rev2', 'nothing to do');
    assert.equal(empty.total, 0);
    await repo.finish(empty.id);
    assert.ok((await repo.get(empty.id))!.finishedAt instanceof Date);
    for (let i = 0; i < 20; i++) await repo.start('rev3', `run ${i}`);
    const recent = await repo.recent();
    assert.equal(recent.length, 20);
    assert.equal(recent[0].reason, 'run 19');
    assert.ok(!recent.some((x) => x.id === empty.id), 'older runs drop off');
  });
});
