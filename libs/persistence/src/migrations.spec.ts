import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDataSource, MIGRATIONS, runMigrationsWithLock } from '@memfleet/persistence';
import { createThrowawayDatabase, type ThrowawayDb } from '../../../test/helpers/throwaway-db';

describe('migrations on the real PostgreSQL', () => {
  let db: ThrowawayDb;
  before(async () => {
    db = await createThrowawayDatabase();
  });
  after(async () => db.drop());

  it('run once when several processes migrate at the same time', async () => {
    const sources = [0, 1, 2].map(() => createDataSource({ url: db.url, poolSize: 2 }));
    await Promise.all(sources.map((s) => s.initialize()));
    const ran = await Promise.all(sources.map((s) => runMigrationsWithLock(s)));
    assert.equal(ran.flat().length, MIGRATIONS.length, `each migration applied exactly once, got ${JSON.stringify(ran)}`);
    await Promise.all(sources.map((s) => s.destroy()));
  });
});
