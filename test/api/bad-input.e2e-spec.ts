import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport, type JsonResponse } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'test-admin-token-0123456789abcdef';
const SECRET = 'test-enroll-secret-0123456789abcdef';

type FieldErrors = { errors?: { path: string; reason: string }[] };

/** A 400 problem+json that names `path` (exactly, or as a prefix when `prefix`). */
function assertRefused(res: JsonResponse<FieldErrors>, path: string, reason: RegExp, prefix = false): void {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  const hit = res.body.errors?.find((e) => (prefix ? e.path.startsWith(path) : e.path === path));
  assert.ok(hit, `an error at ${path}: ${JSON.stringify(res.body.errors)}`);
  assert.match(hit.reason, reason);
}

/** JSON text nesting `depth` arrays (built as text: JSON.stringify itself would overflow the stack). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** `body` as JSON text with the value of `key` replaced by raw JSON text. */
const withRaw = (body: object, key: string, raw: string) => JSON.stringify({ ...body, [key]: '@RAW@' }).replace('"@RAW@"', () => raw);

describe('bad input is refused before PostgreSQL or a recursive walk sees it (API process, real PostgreSQL)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  let token: string;
  let hostId: string;
  let sequence = 0;
  const base = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
  const report = (change: (r: Report) => void = () => {}): Report => {
    const r = structuredClone(base);
    r.sequence = ++sequence;
    r.collectedAt = new Date().toISOString();
    change(r);
    return r;
  };
  const count = async (table: string) => Number((await pg.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const rows = () => Promise.all(['reports', 'host_configs', 'hosts', 'silences'].map(count));

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    ({ agentToken: token, hostId } = await enroll(api.url, SECRET, base));
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('answers 400 naming the field for a NUL or a lone surrogate anywhere in a report, and stores nothing', async () => {
    const before = await rows();
    assertRefused(
      await postReport(
        api.url,
        token,
        report((r) => (r.configuration.host.hostname = 'web\u00001')),
      ),
      'configuration.host.hostname',
      /U\+0000/,
    );
    assertRefused(
      await postReport(
        api.url,
        token,
        report((r) => (r.labels = { team: '\ud800' })),
      ),
      'labels.team',
      /surrogate/,
    );
    assertRefused(
      await postReport(
        api.url,
        token,
        report((r) => (r.labels = { ['t\u0000']: 'x' })),
      ),
      'labels["t\\u0000"]',
      /key must not contain U\+0000/,
    );
    assertRefused(
      await postReport(
        api.url,
        token,
        report((r) => (r.collectionErrors = [{ source: '/proc/1/environ', error: 'bad \udfff' }])),
        { gzip: true },
      ),
      'collectionErrors[0].error',
      /surrogate/,
    );
    assert.deepEqual(await rows(), before);
  });

  it('answers 400 naming the field for unstorable text in enroll, labels and silences bodies', async () => {
    const before = await rows();
    const enrollBody = { enrollSecret: SECRET, machineId: randomUUID().replace(/-/g, ''), hostname: 'h1' };
    assertRefused(await call(`${api.url}/api/v1/agents/enroll`, { body: { ...enrollBody, machineId: 'abc\u0000' } }), 'machineId', /U\+0000/);
    assertRefused(await call(`${api.url}/api/v1/agents/enroll`, { body: { ...enrollBody, labels: { env: 'prod\ud83d' } } }), 'labels.env', /surrogate/);
    assertRefused(
      await call(`${api.url}/api/v1/hosts/${hostId}/labels`, { method: 'PATCH', token: ADMIN, body: { labels: { env: 'a\u0000' } } }),
      'labels.env',
      /U\+0000/,
    );
    const silence = { ruleId: 'thp-enabled-for-redis-mongodb', durationHours: 1, reason: 'known \u0000' };
    assertRefused(await call(`${api.url}/api/v1/silences`, { method: 'POST', token: ADMIN, body: silence }), 'reason', /U\+0000/);
    assert.deepEqual(await rows(), before);
  });

  it('answers 400 naming the parameter for unstorable text in a query string', async () => {
    assertRefused(await call(`${api.url}/api/v1/hosts?q=%00`, { token: ADMIN }), 'query.q', /U\+0000/);
    assertRefused(await call(`${api.url}/api/v1/hosts?hypervisor=kvm%00`, { token: ADMIN }), 'query.hypervisor', /U\+0000/);
    assertRefused(await call(`${api.url}/api/v1/hosts?label=%00=x`, { token: ADMIN }), 'query.label', /U\+0000/);
    assertRefused(await call(`${api.url}/api/v1/findings?rule=%00`, { token: ADMIN }), 'query.rule', /U\+0000/);
  });

  it('answers 400 for bodies nested deeper than 64 levels, however deep, and keeps serving', async () => {
    const before = await rows();
    const deepConfig = withRaw(report(), 'configuration', nested(100_000));
    const posted = await call(`${api.url}/api/v1/reports`, { method: 'POST', token, raw: deepConfig });
    assertRefused(posted, 'configuration', /nests deeper than 64 levels/, true);
    // enroll's own body limit (64 KiB) refuses 200,000 levels before parsing; 30,000 fit under it
    const enrollWith = (depth: number) => withRaw({ enrollSecret: SECRET, machineId: 'm', hostname: 'h' }, 'labels', nested(depth));
    assert.equal((await call(`${api.url}/api/v1/agents/enroll`, { raw: enrollWith(200_000) })).status, 413);
    assertRefused(await call(`${api.url}/api/v1/agents/enroll`, { raw: enrollWith(30_000) }), 'labels', /nests deeper than 64 levels/, true);
    assert.deepEqual(await rows(), before);
    assert.equal((await postReport(api.url, token, report())).status, 202, 'the same process still takes reports');
  });

  it('answers 400 naming collectedAt for a timestamp PostgreSQL cannot take or outside the window', async () => {
    const before = await rows();
    const cases: [string, RegExp][] = [
      ['2024-01-01T00:00:00+23:59', /offset within ±14:00/],
      ['0000-01-01T00:00:00Z', /before 2000-01-01/],
      ['9999-12-31T23:59:60Z', /leap second/],
      ['2024-02-30T00:00:00Z', /calendar/],
      [new Date(Date.now() + 2 * 86_400_000).toISOString(), /24 hours after the server's clock/],
      ['1999-12-31T23:59:59Z', /before 2000-01-01/],
      ['yesterday', /RFC 3339/],
    ];
    for (const [collectedAt, reason] of cases) {
      assertRefused(
        await postReport(
          api.url,
          token,
          report((r) => (r.collectedAt = collectedAt)),
        ),
        'collectedAt',
        reason,
      );
    }
    assert.deepEqual(await rows(), before);
    const offset = await postReport(
      api.url,
      token,
      report((r) => (r.collectedAt = new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+00:00'))),
    );
    // Accepted: queued (202), or settled at once (200) when it changes nothing the host was evaluated with.
    assert.ok([200, 202].includes(offset.status), `an offset form inside the window is accepted: ${offset.status}`);
  });

  it('answers 400 naming expiresAt for a silence ending at a leap second or in year 0', async () => {
    const silence = { ruleId: 'thp-enabled-for-redis-mongodb', reason: 'known issue' };
    for (const expiresAt of ['9999-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '2030-01-01T00:00:00+23:59']) {
      assertRefused(await call(`${api.url}/api/v1/silences`, { method: 'POST', token: ADMIN, body: { ...silence, expiresAt } }), 'expiresAt', /expiresAt/);
    }
  });

  it('answers 400 naming expiresAt for ISO 8601 forms that are not RFC 3339 date-times, on every expiry', async () => {
    const bodies: [string, object][] = [
      ['/api/v1/tokens', { name: 'ci', role: 'viewer' }],
      [`/api/v1/hosts/${hostId}/re-enroll-grant`, {}],
      ['/api/v1/enroll-secrets', { name: 'rollout' }],
      ['/api/v1/silences', { ruleId: 'thp-enabled-for-redis-mongodb', reason: 'known issue' }],
    ];
    for (const [path, body] of bodies) {
      for (const expiresAt of ['2030-W01-1', '2030-123', '2030-01-01T10']) {
        assertRefused(await call(`${api.url}${path}`, { method: 'POST', token: ADMIN, body: { ...body, expiresAt } }), 'expiresAt', /RFC 3339/);
      }
    }
  });

  it('answers 400 naming query.cursor for a crafted cursor on every paginated list, and still follows the cursors it returns', async () => {
    await enroll(api.url, SECRET, sampleReport({ machineId: randomUUID().replace(/-/g, '') }));
    const cursor = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');
    const id = randomUUID();
    const crafted: [string, unknown][] = [
      ['/api/v1/hosts', { v: 'a', id: '-'.repeat(36) }],
      ['/api/v1/hosts', { v: 'a', id: '0123456789abcdef0123456789abcdef----' }],
      ['/api/v1/hosts?sort=hostname', { v: 'web\u00001', id }],
      ['/api/v1/hosts?sort=hostname', { v: '\ud800', id }],
      ['/api/v1/hosts?sort=hostname', { v: 5, id }],
      ['/api/v1/hosts?sort=-lastSeenAt', { v: 'yesterday', id }],
      ['/api/v1/hosts?sort=lastSeenAt', { v: '2030-W01-1', id }],
      ['/api/v1/hosts?sort=critical', { v: 'x', id }],
      ['/api/v1/hosts?sort=-warning', { v: 1e20, id }],
      ['/api/v1/hosts?sort=critical', { v: 1.5, id }],
      ['/api/v1/findings', { v: 'yesterday', id }],
      ['/api/v1/findings', { v: 'a', id: '-'.repeat(36) }],
      ['/api/v1/findings?sort=severity', { v: 'x', id }],
      ['/api/v1/findings?sort=-openedAt', { v: '\u0000', id }],
      ['/api/v1/reports?status=failed', { v: 'yesterday', id }],
      ['/api/v1/reports?status=failed', { v: 7, id }],
      ['/api/v1/reports?status=failed', { v: '2030-01-01T00:00:00Z', id: '-'.repeat(36) }],
      ['/api/v1/activity', { v: 1, id }],
    ];
    for (const [path, c] of crafted) {
      const url = `${api.url}${path}${path.includes('?') ? '&' : '?'}cursor=${cursor(c)}`;
      assertRefused(await call(url, { token: ADMIN }), 'query.cursor', /cursor/);
    }
    // the lists that do not paginate ignore a cursor or refuse it as an unknown parameter
    for (const path of ['/api/v1/tokens', '/api/v1/silences', '/api/v1/reevaluations', `/api/v1/hosts/${hostId}/agent-tokens`, '/api/v1/enroll-secrets']) {
      const res = await call(`${api.url}${path}?cursor=${cursor({ v: 'a', id: '-'.repeat(36) })}`, { token: ADMIN });
      assert.ok(res.status === 200 || res.status === 400, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    for (const path of ['/api/v1/hosts?sort=hostname', '/api/v1/hosts?sort=lastSeenAt', '/api/v1/hosts?sort=-critical', '/api/v1/findings?sort=severity']) {
      const first = await call(`${api.url}${path}&limit=1`, { token: ADMIN });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      if (path.startsWith('/api/v1/findings') && !first.body.nextCursor) continue;
      assert.ok(first.body.nextCursor, `${path}: two hosts make two pages`);
      const next = await call(`${api.url}${path}&limit=1&cursor=${first.body.nextCursor}`, { token: ADMIN });
      assert.equal(next.status, 200, `${path}: ${JSON.stringify(next.body)}`);
      assert.notEqual(next.body.items[0]?.id, first.body.items[0].id);
    }
  });

  it('answers 400 for CPU ids past the kernel bound in CPU lists and hot-plug events', async () => {
    assertRefused(
      await postReport(
        api.url,
        token,
        report((r) => (r.configuration.cpu.online = '0-4000000000')),
      ),
      'configuration.cpu.online',
      /below 8192/,
    );
    const hotplug = report((r) => {
      r.metrics.cpuHotplug = { events: [{ cpu: 9000, action: 'online', atSecondsSinceBoot: 5, bootId: null, source: 'kmsg' }] };
    });
    assertRefused(await postReport(api.url, token, hotplug), 'metrics.cpuHotplug.events[0].cpu', /8191/);
  });

  it('evaluates and previews a host whose stored report has a timestamp or CPU list the contract now refuses', async () => {
    const stored = await postReport(api.url, token, report(), { wait: 20 });
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    // what an earlier server accepted: collectedAt 9999-12-31T23:59:60Z (year 10000), a CPU list of 4e9 ids
    await pg.query(`UPDATE reports SET collected_at = '10000-01-01T00:00:00Z' WHERE id = $1`, [stored.body.reportId]);
    await pg.query(`UPDATE host_configs SET configuration = jsonb_set(configuration, '{cpu,online}', '"0-4000000000"') WHERE host_id = $1`, [hostId]);
    const preview = await call(`${api.url}/api/v1/rules/tcmalloc-cpu-hotplug-crash/thresholds/preview`, { method: 'POST', token: ADMIN, body: { values: {} } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.hostsEvaluated, 1);
    // A changed label (an input of every rule), so the report is evaluated (against the stored row) rather than settled.
    const next = await postReport(
      api.url,
      token,
      report((r) => (r.labels = { ...r.labels, rack: 'bad-input-2' })),
      { wait: 20 },
    );
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.equal(next.body.status, 'evaluated', 'the next report of the host evaluates');
  });

  it("evaluates and previews a host whose stored configuration is not in the contract's shape at all", async () => {
    await pg.query(`UPDATE host_configs SET configuration = '{"cpu": 5, "processes": "none"}' WHERE host_id = $1`, [hostId]);
    const preview = await call(`${api.url}/api/v1/rules/redis-overcommit-bgsave/thresholds/preview`, { method: 'POST', token: ADMIN, body: { values: {} } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    // the next report carries the same configuration text, so it is stored against that same (tampered) row
    const next = await postReport(
      api.url,
      token,
      report((r) => (r.labels = { ...r.labels, rack: 'bad-input-3' })),
      { wait: 20 },
    );
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.equal(next.body.status, 'evaluated');
    assert.ok(
      next.body.findings.every((f: { outcome: string }) => f.outcome === 'not-evaluated'),
      JSON.stringify(next.body.findings[0]),
    );
  });

  it('carries the request id on a refusal from body parsing', async () => {
    const res = await call(`${api.url}/api/v1/agents/enroll`, { raw: '{bad', headers: { 'x-request-id': 'parse-check-1' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.requestId, 'parse-check-1');
    assert.equal(res.headers.get('x-request-id'), 'parse-check-1');
  });

  it('logs a client that disconnects mid-body once, as a warning with its request id, not as an unhandled 500', async () => {
    const port = Number(new URL(api.url).port);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/agents/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-Id: half-body-1\r\nContent-Length: 4000\r\n\r\n{"enrollSecret":',
        );
        setTimeout(() => socket.destroy(), 200);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      lines = api
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      if (lines.some((l) => l.requestId === 'half-body-1')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const about = lines.filter((l) => l.requestId === 'half-body-1' || JSON.stringify(l).includes('"aborted"'));
    assert.equal(about.length, 1, JSON.stringify(about));
    assert.equal(about[0].level, 40);
    assert.match(String(about[0].msg), /disconnected before the body was complete/);
  });
});
