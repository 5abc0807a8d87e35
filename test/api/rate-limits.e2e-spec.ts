import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport, type JsonResponse } from '../helpers/api-client';
import { freePort, startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'rate-admin-token-0123456789abcdef';
const SECRET = 'rate-enroll-secret-0123456789abcdef';

const wrong = (i: number) => ({
  enrollSecret: `wrong-secret-${i}-0123456789abcdef`,
  machineId: 'e'.repeat(32),
  dmiProductUuid: null,
  hostname: 'h',
  labels: {},
});
const newReport = (): Report => sampleReport({ machineId: randomUUID().replace(/-/g, '') });

function assertLimited(res: JsonResponse, what: string): void {
  assert.equal(res.status, 429, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers.get('retry-after')}`);
  assert.equal(res.body.status, 429);
}

describe('rate limits counted in Redis, shared by two API processes', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let a: RunningApi;
  let b: RunningApi;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_RATE_REPORTS_PER_MINUTE: '5',
      MEMFLEET_RATE_API_PER_MINUTE: '8',
      MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE: '3',
      // One trusted proxy hop: each test below enrolls "from" its own X-Forwarded-For address.
      MEMFLEET_TRUST_PROXY: '1',
    };
    [a, b] = await Promise.all([startApi(env), startApi(env)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('a parallel burst of 20 wrong secrets gets at most 3 answers 401, the rest 429', async () => {
    const headers = { 'X-Forwarded-For': '198.51.100.3' };
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => call(`${[a, b][i % 2].url}/api/v1/agents/enroll`, { body: wrong(i), headers })));
    const statuses = burst.map((r) => r.status);
    assert.ok(statuses.filter((s) => s === 401).length <= 3, statuses.join(' '));
    assert.equal(statuses.filter((s) => s !== 401 && s !== 429).length, 0, statuses.join(' '));
    assertLimited(
      burst.find((r) => r.status === 429)!,
      'a refused guess',
    );
  });

  it('does not limit successful enrolls from one address, however many run at once (a rollout behind one NAT)', async () => {
    const enrolled = await Promise.all(Array.from({ length: 12 }, (_, i) => enroll([a, b][i % 2].url, SECRET, newReport())));
    assert.equal(new Set(enrolled.map((e) => e.hostId)).size, 12);
  });

  it('allows 5 reports a minute per agent token, whichever process takes them, then 429 with Retry-After', async () => {
    const report = newReport();
    const { agentToken } = await enroll(a.url, SECRET, report);
    for (let sequence = 1; sequence <= 5; sequence++) {
      assert.equal((await postReport([a, b][sequence % 2].url, agentToken, { ...report, sequence })).status, 202, `report ${sequence}`);
    }
    assertLimited(await postReport(a.url, agentToken, { ...report, sequence: 6 }), 'sixth report on a');
    assertLimited(await postReport(b.url, agentToken, { ...report, sequence: 7 }), 'seventh report on b');
    const other = newReport();
    const second = await enroll(b.url, SECRET, other);
    assert.equal((await postReport(a.url, second.agentToken, other)).status, 202, 'another token has its own allowance');
  });

  it('allows 8 requests a minute per API token across processes, then 429', async () => {
    const { token } = (await call(`${a.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'limited', role: 'viewer' } })).body;
    for (let i = 0; i < 8; i++) assert.equal((await call(`${[a, b][i % 2].url}/api/v1/auth/whoami`, { token })).status, 200, `request ${i + 1}`);
    assertLimited(await call(`${a.url}/api/v1/auth/whoami`, { token }), 'ninth request');
    assertLimited(await call(`${b.url}/api/v1/findings`, { token }), 'tenth request');
  });

  it('after 3 failed enrolls from an address, answers its enrolls 429 (even with the right secret) on every process', async () => {
    const bad = { enrollSecret: 'wrong-secret-0123456789abcdef', machineId: 'f'.repeat(32), dmiProductUuid: null, hostname: 'h', labels: {} };
    const headers = { 'X-Forwarded-For': '198.51.100.1' };
    for (const api of [a, b, a]) assert.equal((await call(`${api.url}/api/v1/agents/enroll`, { body: bad, headers })).status, 401);
    const report = newReport();
    const good = {
      enrollSecret: SECRET,
      machineId: report.identity.machineId,
      dmiProductUuid: report.identity.dmiProductUuid ?? null,
      hostname: 'h',
      labels: {},
    };
    assertLimited(await call(`${a.url}/api/v1/agents/enroll`, { body: good, headers }), 'enroll after three failures, same process');
    assertLimited(await call(`${b.url}/api/v1/agents/enroll`, { body: good, headers }), 'enroll after three failures, other process');
    const elsewhere = { 'X-Forwarded-For': '198.51.100.2' };
    assert.equal((await call(`${a.url}/api/v1/agents/enroll`, { body: good, headers: elsewhere })).status, 201, 'another client behind the proxy');
  });

  it('counts an IPv6 client by its /64: other addresses in it share the allowance', async () => {
    for (const host of ['1', '2', '3']) {
      const res = await call(`${a.url}/api/v1/agents/enroll`, { body: wrong(0), headers: { 'X-Forwarded-For': `2001:db8:7:7::${host}` } });
      assert.equal(res.status, 401);
    }
    assertLimited(await call(`${b.url}/api/v1/agents/enroll`, { body: wrong(0), headers: { 'X-Forwarded-For': '2001:db8:7:7:ffff::99' } }), 'same /64');
    const next = await call(`${b.url}/api/v1/agents/enroll`, { body: wrong(0), headers: { 'X-Forwarded-For': '2001:db8:7:8::1' } });
    assert.equal(next.status, 401, 'the neighbouring /64 has its own allowance');
  });

  it('does not count 409 already-enrolled answers (re-imaged machines) as failures', async () => {
    const headers = { 'X-Forwarded-For': '198.51.100.4' };
    const report = newReport();
    await enroll(a.url, SECRET, report);
    const again = {
      enrollSecret: SECRET,
      machineId: report.identity.machineId,
      dmiProductUuid: report.identity.dmiProductUuid ?? null,
      hostname: 'h',
      labels: {},
    };
    for (let i = 0; i < 6; i++) assert.equal((await call(`${[a, b][i % 2].url}/api/v1/agents/enroll`, { body: again, headers })).status, 409);
    assert.equal((await call(`${a.url}/api/v1/agents/enroll`, { body: wrong(0), headers })).status, 401, 'the allowance is untouched');
  });
});

describe('rate limits in embedded mode (no Redis: counted in memory)', { timeout: 120_000 }, () => {
  let dataDir: string;
  let api: RunningApi;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'memfleet-rate-'));
    api = await startApi({
      MEMFLEET_DATA_DIR: dataDir,
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_RATE_REPORTS_PER_MINUTE: '3',
      MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE: '2',
    });
  });

  after(async () => {
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the fourth report of a minute with 429 and Retry-After', async () => {
    const report = newReport();
    const { agentToken } = await enroll(api.url, SECRET, report);
    for (let sequence = 1; sequence <= 3; sequence++) assert.equal((await postReport(api.url, agentToken, { ...report, sequence })).status, 202);
    assertLimited(await postReport(api.url, agentToken, { ...report, sequence: 4 }), 'fourth report');
  });

  it('ignores X-Forwarded-For without MEMFLEET_TRUST_PROXY: the connection peer is counted', async () => {
    for (const xff of ['198.51.100.10', '198.51.100.11']) {
      const res = await call(`${api.url}/api/v1/agents/enroll`, { body: wrong(0), headers: { 'X-Forwarded-For': xff } });
      assert.equal(res.status, 401);
    }
    assertLimited(await call(`${api.url}/api/v1/agents/enroll`, { body: wrong(0), headers: { 'X-Forwarded-For': '198.51.100.12' } }), 'a third "address"');
  });
});

describe('rate limits fail open when Redis goes away', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let redis: ChildProcess;
  let api: RunningApi;

  before(async () => {
    db = await createThrowawayDatabase();
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redisUrl = `redis://127.0.0.1:${port}`;
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_RATE_REPORTS_PER_MINUTE: '2',
      MEMFLEET_RATE_API_PER_MINUTE: '100',
    });
  });

  after(async () => {
    await api?.stop();
    if (redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
    await db?.drop();
  });

  it('limits while Redis answers, lets every report through while it is away, logs the outage once and counts it', async () => {
    const report = newReport();
    const { agentToken } = await enroll(api.url, SECRET, report);
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 1 })).status, 202);
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 2 })).status, 202);
    assertLimited(await postReport(api.url, agentToken, { ...report, sequence: 3 }), 'third report with Redis up');
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    for (let sequence = 4; sequence <= 9; sequence++) {
      const res = await postReport(api.url, agentToken, { ...report, sequence });
      assert.equal(res.status, 202, `report ${sequence} with Redis down: ${JSON.stringify(res.body)}`);
    }
    const metrics = await call(`${api.url}/metrics`, { token: ADMIN });
    const unchecked = /memfleet_rate_limit_unavailable_total\{limit="reports"\} (\d+)/.exec(String(metrics.body));
    assert.ok(
      unchecked && Number(unchecked[1]) >= 6,
      String(metrics.body)
        .split('\n')
        .filter((l) => l.includes('rate_limit'))
        .join('\n'),
    );
    assert.equal(api.output().match(/rate limits are not enforced while Redis does not answer/g)?.length, 1, api.output());
  });
});
