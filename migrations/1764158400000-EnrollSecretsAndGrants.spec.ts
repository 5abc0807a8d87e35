import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EnrollSecretsRepository, MIGRATIONS, runMigrationsWithLock } from '@memfleet/persistence';
import { createThrowawayDatabase, type ThrowawayDb } from '../test/helpers/throwaway-db';
import { EnrollSecretsAndGrants1764158400000 } from './1764158400000-EnrollSecretsAndGrants';

const hash = createHash('sha256').update('mfe_the-secret-agents-already-use').digest('hex');

describe('migration EnrollSecretsAndGrants: the stored enroll secret becomes the bootstrap row', () => {
  let db: ThrowawayDb;
  let ds: DataSource;

  before(async () => {
    db = await createThrowawayDatabase();
    // The schema before this migration, with the enroll secret's hash where a previous server stored it.
    ds = new DataSource({
      ...dataSourceOptions({ url: db.url, poolSize: 2 }),
      migrations: MIGRATIONS.filter((m) => m !== EnrollSecretsAndGrants1764158400000),
    });
    await ds.initialize();
    await runMigrationsWithLock(ds);
    await ds.query(`INSERT INTO settings (key, value) VALUES ('enroll-secret-sha256', to_jsonb($1::text))`, [hash]);
    await ds.destroy();
    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2 }));
    await ds.initialize();
    assert.deepEqual(await runMigrationsWithLock(ds), ['EnrollSecretsAndGrants1764158400000']);
  });
  after(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('keeps the secret agents already use valid, as the one bootstrap secret, and leaves nothing in settings', async () => {
    const secrets = new EnrollSecretsRepository(ds);
    assert.ok(await secrets.useValid(hash));
    await secrets.ensureEnvSecret(hash); // a start with the same MEMFLEET_ENROLL_SECRET
    const rows = await secrets.list();
    assert.deepEqual(
      rows.map((r) => [r.name, r.origin, r.revokedAt, r.expiresAt]),
      [['bootstrap', 'bootstrap', null, null]],
    );
    assert.deepEqual(await ds.query(`SELECT key FROM settings WHERE key = 'enroll-secret-sha256'`), []);
  });

  it('puts the bootstrap secret back into settings when undone', async () => {
    await ds.undoLastMigration();
    const [row] = await ds.query(`SELECT value #>> '{}' AS hash FROM settings WHERE key = 'enroll-secret-sha256'`);
    assert.equal(row.hash, hash);
    assert.deepEqual(await runMigrationsWithLock(ds), ['EnrollSecretsAndGrants1764158400000']);
  });
});
