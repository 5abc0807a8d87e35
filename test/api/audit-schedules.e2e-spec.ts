import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QueueName, auditSchedulerId } from '@memfleet/contracts';
import { nextCronTick } from '@memfleet/platform';
import { call } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'schedules-admin-token-0123456789';
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

interface Schedule {
  id: string;
  name: string;
  cron: string;
  timeZone: string;
  scope: Record<string, string>;
  formats: string[];
  destinationIds: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  nextRunAt: string | null;
}

describe('audit schedules over HTTP: CRUD, their job schedulers in Redis, the default schedule', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let env: Record<string, string>;
  let conn: IORedis;
  let audits: Queue;
  const url = (p = '') => `${api.url}/api/v1/audit-schedules${p}`;
  const as = (method: string, p: string, body?: unknown) => call(url(p), { method, token: ADMIN, body });
  const scheduler = (id: string) => audits.getJobScheduler(auditSchedulerId(id));
  const schedulerIds = async () => (await audits.getJobSchedulers(0, -1)).map((s) => s.key).sort();
  const fields = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
  const destination = async (name: string): Promise<string> => {
    const res = await call(`${api.url}/api/v1/destinations`, { token: ADMIN, body: { name, type: 'email', to: ['ops@example.com'] } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  };
  const activity = async (query: string) => (await call(`${api.url}/api/v1/activity?${query}`, { token: ADMIN })).body.items;

  before(async () => {
    db = await createThrowawayDatabase();
    env = { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_ADMIN_TOKEN: ADMIN };
    api = await startApi(env); // MEMFLEET_AUDIT_CRON unset: the default 0 6 * * *
    conn = new IORedis(REDIS_TEST_URL, { maxRetriesPerRequest: null });
    audits = new Queue(QueueName.Audits, { connection: conn, prefix: env.MEMFLEET_QUEUE_PREFIX });
  });
  after(async () => {
    await api?.stop();
    await audits?.close();
    conn?.disconnect();
    await db?.drop();
  });

  it('starts a new install with the default schedule "daily" at 06:00 UTC, declared in Redis', async () => {
    const res = await as('GET', '');
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 1);
    const [daily] = res.body.items as Schedule[];
    assert.deepEqual(
      [daily.name, daily.cron, daily.timeZone, daily.scope, daily.formats, daily.destinationIds, daily.enabled, daily.createdBy],
      ['daily', '0 6 * * *', 'UTC', {}, ['html', 'pdf', 'csv', 'json'], [], true, 'MEMFLEET_AUDIT_CRON'],
    );
    assert.equal(daily.nextRunAt, nextCronTick('0 6 * * *', 'UTC', new Date())!.toISOString());
    const s = await scheduler(daily.id);
    assert.deepEqual([s?.pattern, s?.tz, s?.template?.data], ['0 6 * * *', 'UTC', { scheduleId: daily.id }]);
  });

  it('creates, reads, changes and deletes a schedule, its job scheduler following each write', async () => {
    const created = await as('POST', '', { name: 'edge weekdays', cron: '30 5 * * 1-5', timeZone: 'Europe/Berlin', scope: { team: 'edge' }, formats: ['pdf'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const s = created.body as Schedule;
    assert.deepEqual(
      [s.name, s.cron, s.timeZone, s.scope, s.formats, s.destinationIds, s.enabled, s.createdBy],
      ['edge weekdays', '30 5 * * 1-5', 'Europe/Berlin', { team: 'edge' }, ['pdf'], [], true, 'bootstrap-admin (MEMFLEET_ADMIN_TOKEN)'],
    );
    assert.equal(s.nextRunAt, nextCronTick('30 5 * * 1-5', 'Europe/Berlin', new Date())!.toISOString());
    assert.deepEqual([(await scheduler(s.id))?.pattern, (await scheduler(s.id))?.tz], ['30 5 * * 1-5', 'Europe/Berlin']);
    assert.deepEqual((await as('GET', `/${s.id}`)).body, s);

    const mail = await destination('crud mail');
    const changed = await as('PATCH', `/${s.id}`, { cron: '0 7 * * *', timeZone: 'America/New_York', destinationIds: [mail] });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(
      [changed.body.cron, changed.body.timeZone, changed.body.scope, changed.body.formats, changed.body.destinationIds],
      ['0 7 * * *', 'America/New_York', { team: 'edge' }, ['pdf'], [mail]],
    );
    assert.equal(changed.body.nextRunAt, nextCronTick('0 7 * * *', 'America/New_York', new Date())!.toISOString());
    assert.deepEqual([(await scheduler(s.id))?.pattern, (await scheduler(s.id))?.tz], ['0 7 * * *', 'America/New_York']);

    const disabled = await as('PATCH', `/${s.id}`, { enabled: false });
    assert.deepEqual([disabled.status, disabled.body.enabled, disabled.body.nextRunAt], [200, false, null]);
    assert.equal(await scheduler(s.id), undefined, 'a disabled schedule has no scheduler');
    await as('PATCH', `/${s.id}`, { enabled: true });
    assert.equal((await scheduler(s.id))?.pattern, '0 7 * * *');

    assert.equal((await as('DELETE', `/${s.id}`)).status, 204);
    assert.equal(await scheduler(s.id), undefined, 'a deleted schedule has no scheduler');
    assert.equal((await as('GET', `/${s.id}`)).status, 404);
    assert.equal((await as('DELETE', `/${s.id}`)).status, 404);
  });

  it('pages the list by name', async () => {
    for (const name of ['b-page', 'a-page']) assert.equal((await as('POST', '', { name, cron: '0 1 * * *' })).status, 201);
    const first = await as('GET', '?limit=2');
    assert.deepEqual([first.body.total, first.body.items.map((s: Schedule) => s.name)], [3, ['a-page', 'b-page']]);
    const second = await as('GET', `?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual([second.body.items.map((s: Schedule) => s.name), second.body.nextCursor], [['daily'], null]);
  });

  it('answers 400 naming the field for a bad cron, time zone, format, scope or destination, and creates nothing', async () => {
    const before = await schedulerIds();
    const cases: [unknown, string][] = [
      [{ name: 'x', cron: '61 * * * *' }, 'cron'],
      [{ name: 'x', cron: 'not cron' }, 'cron'],
      [{ name: 'x', cron: '' }, 'cron'],
      [{ name: 'x', cron: '0 6 * * *', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ name: 'x', cron: '0 6 * * *', formats: ['docx'] }, 'formats'],
      [{ name: 'x', cron: '0 6 * * *', formats: [] }, 'formats'],
      [{ name: 'x', cron: '0 6 * * *', formats: ['pdf', 'pdf'] }, 'formats'],
      [{ name: 'x', cron: '0 6 * * *', destinationIds: ['not-a-uuid'] }, 'destinationIds'],
      [{ name: 'x', cron: '0 6 * * *', scope: { 'bad key!': 'v' } }, 'scope.bad key!'],
      [{ name: 'x', cron: '0 6 * * *', scope: { team: 7 } }, 'scope.team'],
      [{ name: '', cron: '0 6 * * *' }, 'name'],
      [{ cron: '0 6 * * *' }, 'name'],
      [{ name: 'x', cron: '0 6 * * *', enabled: 'yes' }, 'enabled'],
      [{ name: 7, cron: '0 6 * * *' }, 'name'],
      [{ name: 'x', cron: '0 6 * * *', timeZone: 1 }, 'timeZone'],
      [{ name: 'x', cron: '0 6 * * *', nextRunAt: 'soon' }, 'nextRunAt'],
    ];
    for (const [body, field] of cases) {
      const res = await as('POST', '', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.ok(fields(res.body).includes(field), `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body.errors)}`);
    }
    assert.equal((await as('GET', '')).body.items.filter((s: Schedule) => s.name === 'x').length, 0);
    assert.deepEqual(await schedulerIds(), before, 'no scheduler either');
  });

  it('answers 409 for a taken name, 404 for an unknown id, 400 for an id that is not a UUID or a bad change', async () => {
    const dup = await as('POST', '', { name: 'daily', cron: '0 9 * * *' });
    assert.deepEqual([dup.status, fields(dup.body)], [409, ['name']]);
    const other = (await as('POST', '', { name: 'other', cron: '0 9 * * *' })).body as Schedule;
    const rename = await as('PATCH', `/${other.id}`, { name: 'daily' });
    assert.deepEqual([rename.status, fields(rename.body)], [409, ['name']]);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      assert.equal((await as(method, `/${UNKNOWN}`, method === 'PATCH' ? { enabled: false } : undefined)).status, 404, method);
      const bad = await as(method, '/not-a-uuid', method === 'PATCH' ? { enabled: false } : undefined);
      assert.deepEqual([bad.status, fields(bad.body)], [400, ['id']], method);
    }
    const badZone = await as('PATCH', `/${other.id}`, { timeZone: 'Mars/Olympus' });
    assert.deepEqual([badZone.status, fields(badZone.body)], [400, ['timeZone']]);
    const badCron = await as('PATCH', `/${other.id}`, { cron: '61 * * * *' });
    assert.deepEqual([badCron.status, fields(badCron.body)], [400, ['cron']]);
    assert.deepEqual([(await scheduler(other.id))?.pattern, (await as('GET', `/${other.id}`)).body.cron], ['0 9 * * *', '0 9 * * *'], 'unchanged');
    const badCursor = await as('GET', '?cursor=nonsense');
    assert.deepEqual([badCursor.status, fields(badCursor.body)], [400, ['query.cursor']]);
    const badLimit = await as('GET', '?limit=0');
    assert.deepEqual([badLimit.status, fields(badLimit.body)], [400, ['limit']]);
    assert.equal((await as('DELETE', `/${other.id}`)).status, 204);
  });

  it('answers 400 naming destinationIds[<index>] for a destination id that names no destination, and changes nothing', async () => {
    const mail = await destination('known mail');
    const before = await schedulerIds();
    const made = await as('POST', '', { name: 'unknown dest', cron: '0 6 * * *', destinationIds: [mail, UNKNOWN] });
    assert.equal(made.status, 400, JSON.stringify(made.body));
    assert.equal(made.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.deepEqual([made.body.type, fields(made.body)], ['https://memfleet.dev/problems/invalid-fields', ['destinationIds[1]']]);
    assert.equal((await as('GET', '')).body.items.filter((s: Schedule) => s.name === 'unknown dest').length, 0);
    assert.deepEqual(await schedulerIds(), before, 'no scheduler either');

    const s = (await as('POST', '', { name: 'known dest', cron: '0 6 * * *', destinationIds: [mail.toUpperCase()] })).body as Schedule;
    assert.deepEqual(s.destinationIds, [mail], 'stored as PostgreSQL writes the id');
    const changed = await as('PATCH', `/${s.id}`, { destinationIds: [UNKNOWN, mail, UNKNOWN.replace('dead', 'beef')], cron: '0 8 * * *' });
    assert.deepEqual([changed.status, fields(changed.body)], [400, ['destinationIds[0]', 'destinationIds[2]']]);
    const now = (await as('GET', `/${s.id}`)).body as Schedule;
    assert.deepEqual([now.cron, now.destinationIds], ['0 6 * * *', [mail]], 'unchanged');
    assert.equal(
      (await activity(`targetType=audit-schedule&action=audit-schedule.updated`)).filter((e: { targetId: string }) => e.targetId === s.id).length,
      0,
    );
    assert.equal((await as('DELETE', `/${s.id}`)).status, 204);
  });

  it('takes a deleted destination out of every schedule naming it, in the same transaction, recorded as each schedule’s change', async () => {
    const [keep, drop] = [await destination('keep mail'), await destination('drop mail')];
    const both = (await as('POST', '', { name: 'both dests', cron: '0 6 * * *', destinationIds: [drop, keep] })).body as Schedule;
    const only = (await as('POST', '', { name: 'only dropped', cron: '0 6 * * *', destinationIds: [drop] })).body as Schedule;
    const other = (await as('POST', '', { name: 'other dest', cron: '0 6 * * *', destinationIds: [keep] })).body as Schedule;
    assert.equal((await call(`${api.url}/api/v1/destinations/${drop}`, { method: 'DELETE', token: ADMIN })).status, 204);

    const ids = async (s: Schedule) => ((await as('GET', `/${s.id}`)).body as Schedule).destinationIds;
    assert.deepEqual([await ids(both), await ids(only), await ids(other)], [[keep], [], [keep]]);
    const updated = (await activity('action=audit-schedule.updated&limit=500')).filter((e: { details: { reason?: string } }) => e.details.reason);
    assert.deepEqual(
      updated.map((e: { actor: string; targetId: string; details: unknown }) => [e.actor, e.targetId, e.details]).sort(),
      [
        [
          'bootstrap-admin (MEMFLEET_ADMIN_TOKEN)',
          both.id,
          { name: 'both dests', changed: { destinationIds: { old: [drop, keep], new: [keep] } }, reason: 'destination "drop mail" deleted' },
        ],
        [
          'bootstrap-admin (MEMFLEET_ADMIN_TOKEN)',
          only.id,
          { name: 'only dropped', changed: { destinationIds: { old: [drop], new: [] } }, reason: 'destination "drop mail" deleted' },
        ],
      ].sort(),
    );
    const [deleted] = await activity('action=destination.deleted&limit=1');
    assert.deepEqual([deleted.targetId, deleted.details], [drop, { name: 'drop mail', schedules: [both.id, only.id] }]);
    // The emptied schedule still runs (an audit with no destination is stored and exported); it can name the kept one again.
    assert.equal((await as('PATCH', `/${only.id}`, { destinationIds: [keep] })).status, 200);
    for (const s of [both, only, other]) assert.equal((await as('DELETE', `/${s.id}`)).status, 204);
  });

  it('reads MEMFLEET_AUDIT_CRON on the first start only: a restart with another value, or after deleting the default, changes nothing', async () => {
    const before = ((await as('GET', '')).body.items as Schedule[]).map((s) => [s.name, s.cron]);
    await api.stop();
    api = await startApi({ ...env, MEMFLEET_AUDIT_CRON: '15 4 * * *' });
    assert.deepEqual(
      ((await as('GET', '')).body.items as Schedule[]).map((s) => [s.name, s.cron]),
      before,
    );
    const daily = ((await as('GET', '')).body.items as Schedule[]).find((s) => s.name === 'daily')!;
    assert.equal((await as('DELETE', `/${daily.id}`)).status, 204);
    await api.stop();
    api = await startApi(env);
    const after = (await as('GET', '')).body.items as Schedule[];
    assert.ok(!after.some((s) => s.name === 'daily'), 'the deleted default is not created again');
    assert.deepEqual(await schedulerIds(), after.map((s) => auditSchedulerId(s.id)).sort(), 'one scheduler per stored schedule');
  });
});
