import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateReport } from '@memfleet/rules';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { freePort, REPO_ROOT, startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { startReceiver, type Receiver } from '../helpers/receivers';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const ADMIN = 'destinations-admin-token-0123456789';
const SECRET = 'destinations-enroll-secret-0123456789';
const PUBLIC_URL = 'https://memfleet.test';

/** The receiver of the README's "Verifying a webhook", taken from the README as it is. */
function readmeReceiver(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- webhook receiver example');
  assert.ok(marker > 0, 'the README has the receiver example');
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
  assert.ok(code, 'the example is a js block');
  return code;
}

/** The first generated report with a critical hit, and that hit. */
function criticalReport() {
  for (let i = 0; i < 2000; i++) {
    const report = generateReport(i);
    const hit = evaluateReport(report).find((r) => r.outcome === 'hit' && r.severity === 'critical');
    if (hit) return { report, hit };
  }
  throw new Error('no generated report has a critical hit');
}

describe('destinations and alerts: a real API and worker on Redis, the README receiver', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let worker: RunningProcess;
  let receiver: ChildProcess | undefined;
  let receiverOut = '';
  const servers: Receiver[] = [];
  const admin = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${api.url}/api/v1${p}`, { token: ADMIN, ...init });

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_PUBLIC_URL: PUBLIC_URL,
      MEMFLEET_ALERT_BATCH_SECONDS: '1',
      MEMFLEET_DELIVERY_ATTEMPTS: '2',
      MEMFLEET_DELIVERY_BACKOFF_SECONDS: '1',
      MEMFLEET_DESTINATION_DENY_CIDRS: '169.254.0.0/16, fd00:ec2::/32',
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
  });

  after(async () => {
    receiver?.kill();
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.drop();
  });

  it('refuses bad destinations with a 400 naming the field, a taken name with 409, an unknown id with 404', async () => {
    const bad = async (body: unknown, path: string, reason?: RegExp) => {
      const res = await admin('/destinations', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      const e = (res.body.errors as { path: string; reason: string }[]).find((x) => x.path === path);
      assert.ok(e, `${JSON.stringify(res.body.errors)} names ${path}`);
      if (reason) assert.match(e.reason, reason);
    };
    await bad({ name: 'x', type: 'pager', url: 'https://example.com' }, 'type');
    await bad({ name: 'x', type: 'webhook', url: 'ftp://example.com/hook' }, 'url', /http or https/);
    await bad({ name: 'x', type: 'slack', url: 'file:///etc/passwd' }, 'url', /http or https/);
    await bad({ name: 'x', type: 'webhook', url: 'not a url' }, 'url');
    await bad({ name: 'x', type: 'webhook', url: 'http://169.254.169.254/latest' }, 'url', /MEMFLEET_DESTINATION_DENY_CIDRS \(169\.254\.0\.0\/16\)/);
    await bad({ name: 'x', type: 'alertmanager', url: 'http://[fd00:ec2::254]/' }, 'url', /MEMFLEET_DESTINATION_DENY_CIDRS/);
    await bad({ name: 'x', type: 'webhook' }, 'url');
    await bad({ name: 'x', type: 'email' }, 'to');
    await bad({ name: 'x', type: 'email', to: [] }, 'to');
    await bad({ name: 'x', type: 'email', to: ['ops@example.com', 'not-an-address'] }, 'to[1]');
    await bad({ name: 'x', type: 'webhook', url: 'https://example.com/hook', secret: 'short' }, 'secret', /16/);
    await bad({ name: 'x', type: 'slack', url: 'https://example.com/hook', secret: 'a-long-enough-secret-0123' }, 'secret');
    await bad({ name: '', type: 'slack', url: 'https://example.com/hook' }, 'name');

    const first = await admin('/destinations', { body: { name: 'dup', type: 'email', to: ['ops@example.com'] } });
    assert.equal(first.status, 201);
    assert.equal((await admin('/destinations', { body: { name: 'dup', type: 'slack', url: 'https://example.com/x' } })).status, 409);
    assert.equal((await admin(`/destinations/${first.body.id}`, { method: 'PATCH', body: { to: ['nope'] } })).status, 400);
    assert.equal((await admin(`/destinations/${first.body.id}`, { method: 'PATCH', body: { type: 'slack' } })).status, 400);
    assert.equal((await admin(`/destinations/${first.body.id}`, { method: 'DELETE' })).status, 204);

    const unknown = '00000000-0000-4000-8000-000000000001';
    for (const [method, p] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['GET', '/deliveries'],
      ['POST', '/test'],
    ] as const) {
      const res = await admin(`/destinations/${unknown}${p}`, { method, ...(method === 'PATCH' ? { body: { name: 'y' } } : {}) });
      assert.equal(res.status, 404, `${method} ${p}`);
    }
    assert.equal((await admin('/destinations/not-a-uuid')).status, 400);
    const dl = await admin(`/destinations/${unknown}/deliveries?status=lost`);
    assert.equal(dl.status, 400);
    assert.equal(dl.body.errors[0].path, 'status');
  });

  it('signs webhooks the README receiver verifies; sends the test message and a critical finding of a new host; shows the log', async () => {
    const port = await freePort();
    const created = await admin('/destinations', { body: { name: 'ops-webhook', type: 'webhook', url: `http://localhost:${port}/memfleet` } });
    assert.equal(created.status, 201);
    assert.equal(typeof created.body.secret, 'string', 'a generated secret, shown once');
    assert.ok(created.body.secret.length >= 32);
    assert.equal(created.body.hasSecret, true);
    const id = created.body.id as string;
    const shown = await admin(`/destinations/${id}`);
    assert.equal(shown.body.secret, undefined, 'never shown again');
    assert.deepEqual(
      (await admin('/destinations')).body.map((d: { name: string; secret?: string }) => [d.name, d.secret]),
      [['ops-webhook', undefined]],
    );

    // The README's receiver, run as it is, with the secret it was given.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-receiver-')), 'receiver.js');
    fs.writeFileSync(file, readmeReceiver());
    receiver = spawn(process.execPath, [file], {
      env: { PATH: process.env.PATH, MEMFLEET_WEBHOOK_SECRET: created.body.secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver.stdout!.on('data', (d: Buffer) => (receiverOut += d.toString()));
    receiver.stderr!.on('data', (d: Buffer) => (receiverOut += d.toString()));
    const url = `http://127.0.0.1:${port}/memfleet`;
    await until('the receiver to listen', async () => (await fetch(url, { method: 'POST', body: '{}' }).catch(() => null))?.status === 401, 10_000, 100);

    // Its checks refuse a replayed (old), a tampered and an unsigned request.
    const sign = (ts: number, body: string) => `sha256=${createHmac('sha256', created.body.secret).update(`${ts}.${body}`).digest('hex')}`;
    const body = JSON.stringify({ kind: 'test', title: 'forged', alerts: [] });
    const old = Math.floor(Date.now() / 1000) - 301;
    const post = (headers: Record<string, string>, b = body) => fetch(url, { method: 'POST', headers, body: b }).then((r) => r.status);
    assert.equal(await post({ 'x-memfleet-timestamp': String(old), 'x-memfleet-signature': sign(old, body) }), 401, 'replayed after 5 minutes');
    const now = Math.floor(Date.now() / 1000);
    assert.equal(await post({ 'x-memfleet-timestamp': String(now), 'x-memfleet-signature': sign(now, body) }, body.replace('forged', 'tampered')), 401);
    assert.equal(await post({}), 401);
    assert.equal(await post({ 'x-memfleet-timestamp': String(now), 'x-memfleet-signature': sign(now, body) }), 204, 'a fresh, signed body passes');
    receiverOut = '';

    const test = await admin(`/destinations/${id}/test`, { method: 'POST' });
    assert.equal(test.status, 202);
    await until('the test message at the receiver', async () => receiverOut.includes('test memfleet test message for ops-webhook'), 30_000);
    const log = await until('the delivered test', async () => {
      const res = await admin(`/destinations/${id}/deliveries`);
      return res.body.items?.[0]?.status === 'delivered' ? res.body : null;
    });
    assert.equal(log.items[0].id, test.body.deliveryId);
    assert.equal(log.items[0].kind, 'test');
    assert.equal(log.items[0].responseStatus, 204);
    assert.equal(log.items[0].attempts, 1);

    // A new host whose first report has a critical finding: alerted within a batch.
    const { report, hit } = criticalReport();
    const { hostId, agentToken } = await enroll(api.url, SECRET, report);
    assert.equal((await postReport(api.url, agentToken, report)).status, 202);
    const line = `alert firing critical ${hit.ruleId} ${report.configuration.host.hostname} ${PUBLIC_URL}/hosts/${hostId}`;
    await until(`"${line}" at the receiver`, async () => receiverOut.includes(line), 60_000);

    const page1 = await admin(`/destinations/${id}/deliveries?limit=1`);
    assert.equal(page1.body.total, 2);
    assert.equal(page1.body.items[0].kind, 'alert');
    assert.ok(page1.body.nextCursor);
    const page2 = await admin(`/destinations/${id}/deliveries?limit=1&cursor=${page1.body.nextCursor}`);
    assert.deepEqual(
      page2.body.items.map((d: { kind: string }) => d.kind),
      ['test'],
    );
    assert.equal(page2.body.nextCursor, null);
    assert.equal((await admin(`/destinations/${id}/deliveries?status=dead`)).body.total, 0);

    const renamed = await admin(`/destinations/${id}`, { method: 'PATCH', body: { name: 'ops-webhook-2' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'ops-webhook-2', JSON.stringify(renamed.body));
    assert.equal(renamed.body.hasSecret, true);
  });

  it('retries a receiver answering 500 and shows the dead letter in the delivery log', async () => {
    const failing = await startReceiver(() => ({ status: 500 }));
    servers.push(failing);
    const created = await admin('/destinations', { body: { name: 'broken-slack', type: 'slack', url: `${failing.url}/services/x` } });
    assert.equal(created.status, 201);
    assert.equal(created.body.secret, undefined);
    const test = await admin(`/destinations/${created.body.id}/test`, { method: 'POST' });
    const dead = await until('the dead letter', async () => {
      const res = await admin(`/destinations/${created.body.id}/deliveries?status=dead`);
      return res.body.items?.find((d: { id: string }) => d.id === test.body.deliveryId);
    });
    assert.equal(dead.attempts, 2);
    assert.equal(dead.responseStatus, 500);
    assert.match(dead.lastError, /HTTP 500/);
    assert.ok(failing.received.length >= 2);
    assert.equal((await admin(`/destinations/${created.body.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await admin(`/destinations/${created.body.id}`)).status, 404);
  });

  it('records every destination change and test in the activity log, naming a new secret but never showing it', async () => {
    const log = await admin('/activity?targetType=destination&limit=100');
    assert.equal(log.status, 200, JSON.stringify(log.body));
    const entries = log.body.items as { action: string; actor: string; targetId: string; details: Record<string, unknown> }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['destination.created', 'destination.updated', 'destination.deleted', 'destination.tested']) assert.ok(actions.has(a), `${a} recorded`);
    assert.ok(entries.every((e) => e.actor.startsWith('bootstrap-admin')));
    const renamed = entries.find((e) => e.action === 'destination.updated' && e.details.name === 'ops-webhook-2');
    assert.deepEqual(renamed?.details.changed, ['name']);
    const rotated = await admin(`/destinations/${renamed!.targetId}`, { method: 'PATCH', body: { secret: 'a-rotated-secret-0123456789' } });
    assert.equal(rotated.status, 200);
    const after = await admin('/activity?targetType=destination&action=destination.updated&limit=1');
    assert.deepEqual(after.body.items[0].details, { name: 'ops-webhook-2', changed: ['secret'] });
    assert.ok(!JSON.stringify((await admin('/activity?limit=500')).body).includes('a-rotated-secret-0123456789'), 'no secret in the log');
  });

  it('records only the scheme, host and port of a destination URL in the activity log: its path and query may be credentials', async () => {
    const created = await admin('/destinations', {
      method: 'POST',
      body: { name: 'slack-creds', type: 'slack', url: 'https://hooks.example.test/services/T0AAA/B0BBB/XoXsEcReTpAtH?token=q-secret' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const moved = await admin(`/destinations/${created.body.id}`, {
      method: 'PATCH',
      body: { url: 'http://alerts.example.test:8080/hook/p-secret?token=q2-secret' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const log = await admin(`/activity?targetType=destination&limit=100`);
    const entries = (log.body.items as { action: string; targetId: string; details: Record<string, unknown> }[]).filter((e) => e.targetId === created.body.id);
    assert.equal(entries.find((e) => e.action === 'destination.created')?.details.url, 'https://hooks.example.test');
    assert.deepEqual(entries.find((e) => e.action === 'destination.updated')?.details, {
      name: 'slack-creds',
      changed: ['url'],
      url: 'http://alerts.example.test:8080',
    });
    const text = JSON.stringify((await admin('/activity?limit=500')).body);
    for (const secret of ['XoXsEcReTpAtH', 'q-secret', 'p-secret', 'q2-secret']) assert.ok(!text.includes(secret), `${secret} is not in the log`);
    assert.equal((await admin(`/destinations/${created.body.id}`, { method: 'DELETE' })).status, 204);
  });
});
