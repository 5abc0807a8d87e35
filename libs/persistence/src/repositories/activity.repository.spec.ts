import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { ActivityRepository, type NewActivity } from './activity.repository';
import { FleetGaugesRepository } from './fleet-gauges.repository';
import { TokensRepository } from './tokens.repository';

const entry = (over: Partial<NewActivity> = {}): NewActivity => ({
  actor: 'alice',
  actorRole: 'admin',
  action: 'token.created',
  targetType: 'token',
  targetId: null,
  details: {},
  ...over,
});

describe('ActivityRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: ActivityRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new ActivityRepository(ds);
  });
  after(async () => close());

  it('pages newest first after a cursor, with the total of the filter', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await repo.record(entry({ actor: i % 2 ? 'bob' : 'alice', targetId: String(i), details: { i } })));
    const first = await repo.page({}, null, 2);
    assert.equal(first.total, 5);
    assert.deepEqual(
      first.rows.map((r) => r.id),
      [ids[4], ids[3], ids[2]],
      'limit + 1 rows',
    );
    assert.deepEqual(first.rows[0].details, { i: 4 });
    assert.ok(first.rows[0].at instanceof Date);
    const next = await repo.page({ actor: 'alice' }, ids[3], 50);
    assert.deepEqual([next.total, next.rows.map((r) => r.targetId)], [3, ['2', '0']]);
    assert.equal((await repo.page({ action: 'silence.created' }, null, 50)).total, 0);
    assert.equal((await repo.page({ since: new Date(Date.now() + 60_000) }, null, 50)).total, 0);
  });

  it('writes in the caller’s transaction: when the change fails the entry is gone too, and the other way round', async () => {
    const tokens = new TokensRepository(ds);
    await tokens.createApiToken({ name: 'taken', role: 'viewer', tokenHash: '1'.repeat(64), createdBy: null, expiresAt: null });
    const before = (await repo.page({}, null, 500)).total;
    await assert.rejects(
      ds.transaction(async (m) => {
        await repo.record(entry({ action: 'token.revoked' }), m);
        await tokens.createApiToken({ name: 'x', role: 'viewer', tokenHash: '1'.repeat(64), createdBy: null, expiresAt: null }, m);
      }),
      /duplicate key/,
    );
    await assert.rejects(
      ds.transaction(async (m) => {
        await tokens.createApiToken({ name: 'y', role: 'viewer', tokenHash: '2'.repeat(64), createdBy: null, expiresAt: null }, m);
        await repo.record(entry({ actor: null as unknown as string }), m);
      }),
      /null value/,
    );
    assert.equal((await repo.page({}, null, 500)).total, before);
    assert.equal((await tokens.listApiTokens()).filter((t) => t.name === 'y').length, 0);
  });

  it('counts the fleet gauges of an empty fleet as zeros', async () => {
    assert.deepEqual(await new FleetGaugesRepository(ds).read(), { hosts: { reporting: 0, stale: 0, retired: 0 }, findings: [] });
  });
});
