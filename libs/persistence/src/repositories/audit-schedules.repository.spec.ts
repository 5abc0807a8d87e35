import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { AuditSchedulesRepository, STALE_CLAIM_SECONDS, type NewAuditSchedule } from './audit-schedules.repository';

const schedule = (name: string, extra: Partial<NewAuditSchedule> = {}): NewAuditSchedule => ({
  name,
  cron: '0 6 * * *',
  timeZone: 'UTC',
  scope: {},
  formats: ['json'],
  destinationIds: [],
  enabled: true,
  createdBy: 'admin',
  ...extra,
});

describe('AuditSchedulesRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: AuditSchedulesRepository;
  before(async () => {
    ({ ds, close } = await migratedDataSource(4));
    repo = new AuditSchedulesRepository(ds);
  });
  after(async () => close());
  beforeEach(async () => {
    await ds.query(`DELETE FROM audit_schedules`);
    await ds.query(`DELETE FROM settings`);
  });

  it('creates a schedule with every field, and refuses a second one of the same name', async () => {
    const s = await repo.create(
      schedule('edge', {
        scope: { team: 'edge' },
        formats: ['pdf', 'csv'],
        destinationIds: ['00000000-0000-4000-8000-000000000001'],
        timeZone: 'Europe/Berlin',
      }),
    );
    assert.ok(s !== 'name-taken');
    const { id, createdAt, updatedAt, ...rest } = s;
    assert.ok(id && createdAt instanceof Date && updatedAt instanceof Date);
    assert.deepEqual(rest, {
      name: 'edge',
      cron: '0 6 * * *',
      timeZone: 'Europe/Berlin',
      scope: { team: 'edge' },
      formats: ['pdf', 'csv'],
      destinationIds: ['00000000-0000-4000-8000-000000000001'],
      enabled: true,
      createdBy: 'admin',
    });
    assert.deepEqual(await repo.get(id), s);
    assert.equal(await repo.create(schedule('edge')), 'name-taken');
  });

  it('lists by name in pages with the total', async () => {
    for (const n of ['c', 'a', 'b']) await repo.create(schedule(n));
    const first = await repo.list(null, 2);
    assert.deepEqual([first.total, first.rows.map((r) => r.name)], [3, ['a', 'b', 'c']]);
    const b = first.rows[1];
    const second = await repo.list({ v: b.name, id: b.id }, 2);
    assert.deepEqual(
      second.rows.map((r) => r.name),
      ['c'],
    );
  });

  it('updates only the given fields, refuses a taken name, and answers null for an unknown id', async () => {
    const a = (await repo.create(schedule('a'))) as Exclude<Awaited<ReturnType<typeof repo.create>>, 'name-taken'>;
    await repo.create(schedule('b'));
    const changed = await repo.update(a.id, { cron: '*/5 * * * *', enabled: false, scope: { env: 'prod' } });
    assert.ok(changed && changed !== 'name-taken');
    assert.deepEqual([changed.name, changed.cron, changed.enabled, changed.scope, changed.formats], ['a', '*/5 * * * *', false, { env: 'prod' }, ['json']]);
    assert.ok(changed.updatedAt.getTime() >= a.updatedAt.getTime());
    assert.equal(await repo.update(a.id, { name: 'b' }), 'name-taken');
    assert.equal(await repo.update('00000000-0000-4000-8000-00000000dead', { cron: '* * * * *' }), null);
    const states = await repo.states();
    assert.equal(states.length, 2);
    assert.deepEqual(
      states.find((s) => s.id === a.id),
      { id: a.id, cron: '*/5 * * * *', timeZone: 'UTC', enabled: false },
    );
    assert.equal((await repo.remove(a.id))?.name, 'a');
    assert.equal(await repo.remove(a.id), null);
  });

  it('lets one caller claim a tick, gives it back when asked, and drops ticks with their schedule', async () => {
    const a = (await repo.create(schedule('a'))) as { id: string };
    const claims = await Promise.all([1, 2, 3, 4].map(() => repo.claimTick(a.id, 'repeat:x:1')));
    assert.deepEqual(claims.filter(Boolean).length, 1, 'one claim of four at once');
    await repo.releaseTick(a.id, 'repeat:x:1');
    assert.equal(await repo.claimTick(a.id, 'repeat:x:1'), true, 'claimed again after release');
    await repo.setTickAudit(a.id, 'repeat:x:1', '00000000-0000-4000-8000-0000000000aa');
    await repo.releaseTick(a.id, 'repeat:x:1'); // a tick that started its audit stays claimed
    assert.equal(await repo.claimTick(a.id, 'repeat:x:1'), false);
    assert.deepEqual(
      (await repo.ticks(a.id)).map((t) => [t.tick, t.auditId]),
      [['repeat:x:1', '00000000-0000-4000-8000-0000000000aa']],
    );
    assert.equal(await repo.claimTick('00000000-0000-4000-8000-00000000dead', 'repeat:x:1'), false, 'no tick of a schedule that is gone');

    // A claim left without its audit (the start failed and the release could not reach the database either):
    // held while a start could still be running, free again once it is older than that.
    assert.equal(await repo.claimTick(a.id, 'repeat:x:2'), true);
    assert.equal(await repo.claimTick(a.id, 'repeat:x:2'), false, 'held while its start may still run');
    await ds.query(`UPDATE audit_schedule_ticks SET created_at = now() - make_interval(secs => $1) WHERE tick = 'repeat:x:2'`, [STALE_CLAIM_SECONDS + 1]);
    const retries = await Promise.all([1, 2, 3].map(() => repo.claimTick(a.id, 'repeat:x:2')));
    assert.equal(retries.filter(Boolean).length, 1, 'the retry claims it again, once');
    await ds.query(`UPDATE audit_schedule_ticks SET created_at = now() - interval '1 hour' WHERE tick = 'repeat:x:1'`);
    assert.equal(await repo.claimTick(a.id, 'repeat:x:1'), false, 'a tick that recorded its audit is never claimed again');
    await repo.remove(a.id);
    assert.deepEqual(await ds.query(`SELECT * FROM audit_schedule_ticks`), []);
  });

  it('creates the default schedule once per database, however many processes start at once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => repo.considerDefault('0 6 * * *', ['html', 'json'])));
    assert.equal(results.filter((r) => r.considered).length, 1);
    assert.equal(results.filter((r) => r.createdId).length, 1);
    const [daily] = (await repo.list(null, 10)).rows;
    assert.deepEqual(
      [daily.name, daily.cron, daily.timeZone, daily.formats, daily.createdBy],
      ['daily', '0 6 * * *', 'UTC', ['html', 'json'], 'MEMFLEET_AUDIT_CRON'],
    );
    assert.deepEqual(await repo.considerDefault('30 5 * * *', ['json']), { considered: false, createdId: null }, 'another value later changes nothing');
    await repo.remove(daily.id);
    assert.deepEqual(await repo.considerDefault('0 6 * * *', ['json']), { considered: false, createdId: null }, 'a deleted default stays deleted');
    assert.equal((await repo.list(null, 10)).total, 0);
  });

  it('creates no default when the variable is empty, nor on an install that already has schedules', async () => {
    assert.deepEqual(await repo.considerDefault(null, ['json']), { considered: true, createdId: null });
    assert.equal((await repo.list(null, 10)).total, 0);
    await ds.query(`DELETE FROM settings`);
    await repo.create(schedule('own'));
    assert.deepEqual(await repo.considerDefault('0 6 * * *', ['json']), { considered: true, createdId: null });
    assert.deepEqual(
      (await repo.list(null, 10)).rows.map((r) => r.name),
      ['own'],
    );
  });
});
