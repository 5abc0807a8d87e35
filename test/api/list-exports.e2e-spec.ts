import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { parseCsv } from '../../libs/exports/src/testing/audit-fixture';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'export-admin-token-0123456789';
const SECRET = 'export-enroll-secret-0123456789';
const REDIS_RULE = 'redis-overcommit-bgsave';
const HOSTILE = `=HYPERLINK("http://evil.example","x")`;
/** A text as the CSV exports write it: formula-like cells get a leading quote. */
const neutralised = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('findings and hosts exports over a seeded fleet (real API + PostgreSQL)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let viewer: string;
  const get = (path: string, token = viewer) => call(`${api.url}${path}`, { token });
  /** Every item of a list endpoint, through its cursor. */
  const listAll = async (path: string) => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (let i = 0; i < 5; i++) {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: `exp-${String(i).padStart(2, '0')}` });
      report.labels = { env: i < 3 ? 'prod' : 'staging' };
      if (i < 3) withProcess(report, { subject: 'redis:/usr/bin/redis-server', exe: '/usr/bin/redis-server', runtimes: [{ kind: 'redis', version: '7.2.4' }] });
      const { agentToken } = await enroll(api.url, SECRET, report, report.labels);
      const res = await postReport(api.url, agentToken, { ...report, sequence: 1 }, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    // A hostname a spreadsheet would run as a formula, as an agent may send it.
    const hostile = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: HOSTILE });
    await enroll(api.url, SECRET, hostile, { env: 'lab' });
    const token = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'export-viewer', role: 'viewer' } });
    assert.equal(token.status, 201);
    viewer = token.body.token;
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('exports the findings of the list’s filters as JSON: the list’s items, every one, in the list’s order when sorted alike', async () => {
    for (const filters of [`rule=${REDIS_RULE}`, 'label=env=staging', 'outcome=pass&severity=critical', '']) {
      const listed = await listAll(`/api/v1/findings?${filters}`);
      const res = await get(`/api/v1/findings/export?format=json&${filters}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual([...res.body].sort(byId), [...listed].sort(byId), filters);
      const sorted = await get(`/api/v1/findings/export?format=json&sort=-lastSeenAt&${filters}`);
      assert.deepEqual(
        sorted.body.map((f: { id: string }) => f.id),
        listed.map((f) => f.id),
        `${filters}: same order`,
      );
    }
    assert.ok((await listAll(`/api/v1/findings?rule=${REDIS_RULE}`)).length === 3, 'the filter selects what the seed says');
  });

  it('exports findings as an RFC 4180 CSV attachment: a header, one row per finding, the list’s values', async () => {
    const listed = await listAll(`/api/v1/findings?rule=${REDIS_RULE}`);
    const res = await get(`/api/v1/findings/export?format=csv&rule=${REDIS_RULE}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="memfleet-findings-\d{8}T\d{4}Z\.csv"$/);
    const [header, ...rows] = parseCsv(res.body as string);
    assert.equal(header.length, 18);
    assert.deepEqual(header.slice(0, 4), ['id', 'hostId', 'host', 'ruleId']);
    for (const r of rows) assert.equal(r.length, header.length);
    const col = (name: string) => header.indexOf(name);
    assert.deepEqual(rows.map((r) => r[col('id')]).sort(), listed.map((f) => f.id).sort());
    const first = listed.find((f) => f.id === rows[0][col('id')]);
    assert.equal(rows[0][col('host')], first.hostname);
    assert.equal(rows[0][col('severity')], first.severity);
    assert.equal(rows[0][col('silenced')], String(first.silenced));
    assert.equal(rows[0][col('lastSeenAt')], first.lastSeenAt);
    assert.equal(rows[0][col('remediationKeys')], first.remediation.map((r: { key: string }) => r.key).join(';'));
  });

  it('exports the hosts of the list’s filters as JSON and CSV, and `export` is never taken for a host id', async () => {
    for (const filters of ['label=env=prod', 'q=exp-04', 'stale=false', `rule=${REDIS_RULE}&severity=warning`, 'retired=true', '']) {
      const listed = await listAll(`/api/v1/hosts?${filters}`);
      const json = await get(`/api/v1/hosts/export?format=json&${filters}`);
      assert.equal(json.status, 200, JSON.stringify(json.body));
      assert.deepEqual([...json.body].sort(byId), [...listed].sort(byId), filters);
      const csv = await get(`/api/v1/hosts/export?format=csv&sort=hostname&${filters}`);
      assert.equal(csv.status, 200);
      const [header, ...rows] = parseCsv(csv.body as string);
      assert.deepEqual(
        rows.map((r) => r[header.indexOf('host')]),
        listed.map((h) => neutralised(h.hostname)),
        filters,
      );
      for (const r of rows) assert.equal(r.length, header.length);
    }
    const csv = await get('/api/v1/hosts/export?format=csv&label=env=prod');
    const [header, row] = parseCsv(csv.body as string);
    assert.equal(row[header.indexOf('labels')], 'env=prod');
    assert.match(csv.headers.get('content-disposition') ?? '', /filename="memfleet-hosts-\d{8}T\d{4}Z\.csv"/);
    assert.equal((await listAll('/api/v1/hosts?label=env=prod')).length, 3);
    const lab = await get('/api/v1/hosts/export?format=csv&label=env=lab');
    const [labHeader, labRow] = parseCsv(lab.body as string);
    assert.equal(labRow[labHeader.indexOf('host')], `'${HOSTILE}`, 'a formula-like hostname is neutralised');
    assert.ok((lab.body as string).includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), 'and quoted as RFC 4180 says');
    assert.equal((await get('/api/v1/hosts/export?format=json&label=env=lab')).body[0].hostname, HOSTILE, 'JSON keeps it as sent');
  });

  it('answers bad input with 400 naming the field, and anonymous callers with 401', async () => {
    for (const [path, field] of [
      ['/api/v1/findings/export', 'format'],
      ['/api/v1/findings/export?format=xml', 'format'],
      ['/api/v1/findings/export?format=csv&severity=huge', 'severity'],
      ['/api/v1/findings/export?format=csv&label=novalue', 'query.label'],
      ['/api/v1/findings/export?format=csv&sort=bogus', 'sort'],
      ['/api/v1/findings/export?format=csv&hostId=nope', 'hostId'],
      ['/api/v1/findings/export?format=json&limit=5', 'limit'],
      ['/api/v1/hosts/export?format=pdf', 'format'],
      ['/api/v1/hosts/export?format=csv&stale=maybe', 'stale'],
      ['/api/v1/hosts/export?format=csv&cursor=abc', 'cursor'],
    ] as const) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === field),
        `${path}: ${JSON.stringify(res.body.errors)}`,
      );
    }
    assert.equal((await call(`${api.url}/api/v1/hosts/export?format=csv`)).status, 401);
  });
});
