import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, evaluatedReport, findingWrite } from '../testing/repository-fixtures';
import { HostsRepository } from './hosts.repository';
import { SilencesRepository, type NewSilence } from './silences.repository';

describe('SilencesRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: SilencesRepository;
  let prod: string;
  let dev: string;
  const hour = () => new Date(Date.now() + 3600_000);
  const silence = (over: Partial<NewSilence>): NewSilence => ({
    ruleId: 'r1',
    hostId: null,
    labelSelector: null,
    reason: 'known issue',
    author: 'ops',
    expiresAt: hour(),
    ...over,
  });
  const silenced = async () =>
    (await ds.query(`SELECT h.hostname, f.silenced FROM findings f JOIN hosts h ON h.id = f.host_id WHERE f.rule_id = 'r1' ORDER BY h.hostname`)).map(
      (r: { hostname: string; silenced: boolean }) => [r.hostname, r.silenced],
    );

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new SilencesRepository(ds);
    prod = (await enrolledHost(ds)).id;
    dev = (await enrolledHost(ds)).id;
    await evaluatedReport(ds, prod, 1, [findingWrite('r1', '', 'hit', 'warning'), findingWrite('r2', '', 'hit', 'info')]);
    await evaluatedReport(ds, dev, 1, [findingWrite('r1', '', 'hit', 'warning')]);
    await new HostsRepository(ds).updateLabels(prod, { tier: 'prod' }, []);
    await ds.query(`UPDATE hosts SET hostname = CASE WHEN id = $1 THEN 'prod' ELSE 'dev' END`, [prod]);
  });
  after(async () => close());

  it('creates a silence and reads it back with the findings it covers', async () => {
    const expiresAt = hour();
    const id = await repo.create(silence({ labelSelector: { tier: 'prod' }, expiresAt }));
    const s = (await repo.get(id))!;
    assert.deepEqual(
      [s.ruleId, s.hostId, s.labels, s.reason, s.author, s.active, s.findingsCovered, s.revokedAt],
      ['r1', null, { tier: 'prod' }, 'known issue', 'ops', true, 1, null],
    );
    assert.equal(s.expiresAt.getTime(), expiresAt.getTime());
    assert.equal(await repo.get(randomUUID()), null);
  });

  it('applies the rule’s active silences to its findings and names the hosts that changed, once', async () => {
    assert.deepEqual(await silenced(), [
      ['dev', false],
      ['prod', false],
    ]);
    assert.deepEqual(await repo.applyToFindings('r1'), [prod]);
    assert.deepEqual(await silenced(), [
      ['dev', false],
      ['prod', true],
    ]);
    assert.deepEqual(await repo.applyToFindings('r1'), [], 'nothing changed the second time');
    const fleetWide = await repo.create(silence({}));
    assert.deepEqual(await repo.applyToFindings('r1'), [dev]);
    assert.equal(await repo.revoke(fleetWide), 'r1');
    assert.equal(await repo.revoke(fleetWide), null, 'already ended');
    assert.deepEqual(await repo.applyToFindings('r1'), [dev]);
    assert.deepEqual(await silenced(), [
      ['dev', false],
      ['prod', true],
    ]);
    assert.equal((await ds.query(`SELECT silenced FROM findings WHERE rule_id = 'r2'`))[0].silenced, false, 'other rules untouched');
  });

  it('lists silences by state and rule, newest first, and finds the rules whose silence just ran out', async () => {
    await ds.query(`DELETE FROM silences`);
    const active = await repo.create(silence({ hostId: dev }));
    const revoked = await repo.create(silence({ ruleId: 'r2' }));
    await repo.revoke(revoked);
    await ds.query(
      `INSERT INTO silences (rule_id, reason, author, expires_at) VALUES ('r3', 'x', 'ops', now() - interval '30 seconds'), ('r4', 'x', 'ops', now() - interval '1 day')`,
    );
    assert.deepEqual(
      (await repo.list('active')).map((s) => s.id),
      [active],
    );
    assert.deepEqual((await repo.list('expired')).map((s) => s.ruleId).sort(), ['r2', 'r3', 'r4']);
    assert.deepEqual(
      (await repo.list('expired', 'r2')).map((s) => s.id),
      [revoked],
    );
    assert.equal((await repo.list('all')).length, 4);
    const all = await repo.list('all');
    assert.deepEqual(
      all.map((s) => s.createdAt.getTime()),
      [...all.map((s) => s.createdAt.getTime())].sort((a, b) => b - a),
    );
    assert.equal((await repo.get(revoked))!.findingsCovered, 0, 'an ended silence covers nothing');
    assert.deepEqual(await repo.rulesExpiredWithin(120), ['r3'], 'not the revoked one, not the one that ended a day ago');
  });
});
