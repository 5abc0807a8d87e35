import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { EnrollSecretsRepository } from './enroll-secrets.repository';

describe('EnrollSecretsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: EnrollSecretsRepository;
  const hash = (c: string) => c.repeat(64);

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new EnrollSecretsRepository(ds);
  });
  after(async () => close());

  it('generates the first bootstrap secret once, lets the environment replace it, and keeps a revoked one revoked', async () => {
    assert.equal(await repo.createFirstSecret(hash('a')), true);
    assert.equal(await repo.createFirstSecret(hash('b')), false, 'a second start keeps the first secret');
    assert.ok(await repo.useValid(hash('a')));
    await repo.ensureEnvSecret(hash('c'));
    await repo.ensureEnvSecret(hash('c'));
    assert.equal(await repo.useValid(hash('a')), null, 'a changed MEMFLEET_ENROLL_SECRET replaces the bootstrap secret');
    const envId = await repo.useValid(hash('c'));
    assert.ok(envId);
    const live = (await repo.list()).filter((s) => s.origin === 'bootstrap' && !s.revokedAt);
    assert.deepEqual(
      live.map((s) => [s.id, s.name, s.createdBy]),
      [[envId, 'bootstrap (MEMFLEET_ENROLL_SECRET)', 'env']],
    );
    assert.equal(await repo.revoke(envId), 'bootstrap (MEMFLEET_ENROLL_SECRET)');
    await repo.ensureEnvSecret(hash('c'));
    assert.equal(await repo.useValid(hash('c')), null, 'a restart does not bring back a secret an admin revoked');
    assert.equal(await repo.createFirstSecret(hash('d')), false, 'with every secret revoked, enrolment stays closed');
  });

  it('accepts several secrets at once, each until it expires or is revoked', async () => {
    const one = await repo.create({ name: 'one', secretHash: hash('1'), createdBy: 'admin', expiresAt: null });
    const two = await repo.create({ name: 'two', secretHash: hash('2'), createdBy: 'admin', expiresAt: new Date(Date.now() + 60_000) });
    assert.deepEqual([one.name, one.origin, one.createdBy, one.expiresAt, one.revokedAt], ['one', 'api', 'admin', null, null]);
    assert.equal(await repo.useValid(hash('1')), one.id);
    assert.equal(await repo.useValid(hash('2')), two.id);
    assert.ok((await repo.list()).find((s) => s.id === one.id)!.lastUsedAt instanceof Date);
    await ds.query(`UPDATE enroll_secrets SET expires_at = now() - interval '1 second' WHERE id = $1`, [two.id]);
    assert.equal(await repo.useValid(hash('2')), null, 'expired');
    assert.equal(await repo.revoke(one.id), 'one');
    assert.equal(await repo.revoke(one.id), null, 'already revoked');
    assert.equal(await repo.revoke(randomUUID()), null);
    assert.equal(await repo.useValid(hash('1')), null, 'revoked');
    assert.equal(await repo.useValid(hash('9')), null, 'unknown');
  });
});
