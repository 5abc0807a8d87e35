import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { HostsRepository } from './hosts.repository';
import { AGENT_TOKEN_USE_MINUTES, TokensRepository } from './tokens.repository';

describe('TokensRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: TokensRepository;
  const hash = (c: string) => c.repeat(64);

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new TokensRepository(ds);
  });
  after(async () => close());

  it('generates the first admin token only while there is none, and stores the environment’s once', async () => {
    assert.equal(await repo.createFirstAdminToken(hash('1')), true);
    assert.equal(await repo.createFirstAdminToken(hash('2')), false);
    await repo.ensureEnvAdminToken(hash('3'));
    await repo.ensureEnvAdminToken(hash('3'));
    const admins = await repo.listApiTokens();
    assert.deepEqual(
      admins.map((t) => [t.name, t.role, t.createdBy]),
      [
        ['bootstrap-admin (generated)', 'admin', 'first-start'],
        ['bootstrap-admin (MEMFLEET_ADMIN_TOKEN)', 'admin', 'env'],
      ],
    );
  });

  it('creates, resolves (recording the use), lists and revokes API tokens', async () => {
    const id = await repo.createApiToken({ name: 'ci', role: 'operator', tokenHash: hash('a'), createdBy: 'admin', expiresAt: null });
    assert.equal((await repo.listApiTokens()).find((t) => t.id === id)!.lastUsedAt, null);
    assert.deepEqual(await repo.useApiToken(hash('a')), { id, name: 'ci', role: 'operator', expiresAt: null, expired: false });
    const t = (await repo.listApiTokens()).find((x) => x.id === id)!;
    assert.deepEqual([t.name, t.role, t.createdBy, t.revokedAt, t.expiresAt], ['ci', 'operator', 'admin', null, null]);
    assert.ok(t.lastUsedAt instanceof Date && t.createdAt instanceof Date);
    assert.equal(await repo.useApiToken(hash('b')), null);
    assert.equal(await repo.revokeApiToken(id), 'ci');
    assert.equal(await repo.revokeApiToken(id), null, 'already revoked');
    assert.equal(await repo.revokeApiToken(randomUUID()), null);
    assert.equal(await repo.useApiToken(hash('a')), null, 'a revoked token resolves to nothing');
  });

  it('resolves an expired API token as expired, by the database clock, without recording a use', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const id = await repo.createApiToken({ name: 'temp', role: 'viewer', tokenHash: hash('e'), createdBy: 'admin', expiresAt: later });
    assert.deepEqual(await repo.useApiToken(hash('e')), { id, name: 'temp', role: 'viewer', expiresAt: later, expired: false });
    await ds.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second', last_used_at = NULL WHERE id = $1`, [id]);
    const expired = await repo.useApiToken(hash('e'));
    assert.equal(expired?.expired, true);
    const listed = (await repo.listApiTokens()).find((x) => x.id === id)!;
    assert.equal(listed.lastUsedAt, null, 'an expired token is not marked used');
    assert.ok(listed.expiresAt instanceof Date);
  });

  it('resolves an agent token to the identity of its host, until it is revoked', async () => {
    const { hostId } = await new HostsRepository(ds).enroll({ machineId: 'm-agent', dmiProductUuid: 'dmi', hostname: 'h', labels: {} }, hash('c'));
    assert.deepEqual(await repo.useAgentToken(hash('c')), {
      id: (await ds.query(`SELECT id FROM agent_tokens WHERE host_id = $1`, [hostId]))[0].id,
      host_id: hostId,
      machine_id: 'm-agent',
      dmi_product_uuid: 'dmi',
    });
    const lastUsed = async (): Promise<Date> => (await ds.query(`SELECT last_used_at FROM agent_tokens WHERE host_id = $1`, [hostId]))[0].last_used_at;
    const first = await lastUsed();
    assert.ok(first instanceof Date);
    assert.ok(await repo.useAgentToken(hash('c')));
    assert.equal((await lastUsed()).getTime(), first.getTime(), `a use within ${AGENT_TOKEN_USE_MINUTES} minutes writes nothing`);
    await ds.query(`UPDATE agent_tokens SET last_used_at = now() - interval '${AGENT_TOKEN_USE_MINUTES + 1} minutes' WHERE host_id = $1`, [hostId]);
    assert.ok(await repo.useAgentToken(hash('c')));
    assert.ok(Date.now() - (await lastUsed()).getTime() < 60_000, 'an older last use is moved to now');
    assert.equal(await repo.useAgentToken(hash('a')), null, 'an API token is no agent token');
    await ds.query(`UPDATE agent_tokens SET revoked_at = now() WHERE host_id = $1`, [hostId]);
    assert.equal(await repo.useAgentToken(hash('c')), null);
  });

  it("lists a host's agent tokens without their hashes and revokes one of that host only", async () => {
    const hosts = new HostsRepository(ds);
    const { hostId } = await hosts.enroll({ machineId: 'm-list', dmiProductUuid: '', hostname: 'h', labels: {} }, hash('d'));
    const other = await hosts.enroll({ machineId: 'm-other', dmiProductUuid: '', hostname: 'o', labels: {} }, hash('e'));
    await repo.useAgentToken(hash('d'));
    const [t] = await repo.listAgentTokens(hostId);
    assert.deepEqual(Object.keys(t).sort(), ['createdAt', 'id', 'lastUsedAt', 'revokedAt']);
    assert.ok(t.lastUsedAt instanceof Date);
    assert.equal(t.revokedAt, null);
    assert.equal(await repo.revokeAgentToken(other.hostId, t.id), false, "another host's token id");
    assert.equal(await repo.revokeAgentToken(hostId, t.id), true);
    assert.equal(await repo.revokeAgentToken(hostId, t.id), false, 'already revoked');
    assert.ok((await repo.listAgentTokens(hostId))[0].revokedAt instanceof Date);
    assert.equal(await repo.useAgentToken(hash('d')), null);
    assert.deepEqual(await repo.listAgentTokens(randomUUID()), []);
  });
});
