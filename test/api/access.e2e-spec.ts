import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { sendPartialBody } from '../helpers/raw-http';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'access-admin-token-0123456789abcdef';
const SECRET = 'access-enroll-secret-0123456789abcdef';

/** 1 KiB of gzip that inflates to 1 MiB of JSON-looking text. */
const BOMB = gzipSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(1024 * 1024 - 8, 'a'), Buffer.from('"}')]), { level: 9 });
const JSON_GZIP = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };

describe('access: tokens checked before bodies, across two API processes on one Redis', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let a: RunningApi;
  let b: RunningApi;
  let pg: Client;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
    };
    [a, b] = await Promise.all([startApi(env), startApi(env)]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('answers 401 problem+json to an anonymous gzip bomb before its body has arrived (so it is never inflated)', async () => {
    assert.ok(BOMB.length < 2048, `the bomb is ${BOMB.length} bytes`);
    for (const headers of [JSON_GZIP, { ...JSON_GZIP, Authorization: 'Bearer not-a-token' }]) {
      const answer = await sendPartialBody(a.url, { path: '/api/v1/reports', headers, body: BOMB, sendBytes: 100 });
      assert.ok(answer, 'an answer while most of the body is still unsent: the server decided without waiting for it');
      assert.equal(answer.status, 401);
      assert.match(answer.headers['content-type'], /application\/problem\+json/);
      assert.equal(answer.headers.connection, 'close', 'the unread body is not drained: the connection closes');
      assert.equal(JSON.parse(answer.body).status, 401);
    }
    // The whole bomb, sent by an anonymous client, gets the same answer.
    const whole = await call(`${a.url}/api/v1/reports`, { raw: BOMB, headers: { ...JSON_GZIP, 'X-Request-Id': 'bomb-1' } });
    assert.equal(whole.status, 401);
    assert.deepEqual([whole.body.requestId, whole.headers.get('x-request-id')], ['bomb-1', 'bomb-1'], 'an early refusal carries the request id');
    const later = await call(`${a.url}/api/v1/auth/whoami`);
    assert.ok(later.body.requestId && later.body.requestId === later.headers.get('x-request-id'), 'one id per request when the guard refuses');
  });

  it('reads the body of a known token as before (the bomb is then inflated and refused as a report)', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken } = await enroll(a.url, SECRET, report);
    assert.equal((await postReport(a.url, agentToken, report, { gzip: true })).status, 202);
    const bomb = await call(`${a.url}/api/v1/reports`, { raw: BOMB, headers: { ...JSON_GZIP, Authorization: `Bearer ${agentToken}` } });
    assert.ok([400, 413].includes(bomb.status), `${bomb.status}: read, then refused as a report`);
  });

  it('gives an anonymous body (enroll) a 64 KiB limit of its own, refused before it is read', async () => {
    const big = Buffer.alloc(65 * 1024, ' ');
    const answer = await sendPartialBody(a.url, { path: '/api/v1/agents/enroll', headers: { 'Content-Type': 'application/json' }, body: big, sendBytes: 10 });
    assert.ok(answer, 'answered before the body arrived');
    assert.equal(answer.status, 413);
    assert.match(answer.headers['content-type'], /application\/problem\+json/);
    const chunked = await fetch(`${a.url}/api/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{}')), c.close()) }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 411, 'a body without Content-Length');
    assert.equal((await call(`${a.url}/api/v1/agents/enroll`, { body: { enrollSecret: 'wrong-secret-0123456789' } })).status, 400, 'small bodies are read');
  });

  it('a token revoked on one process is refused by the other on its next request', async () => {
    const created = await call(`${a.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'second-admin', role: 'admin' } });
    assert.equal(created.status, 201);
    const token: string = created.body.token;
    // warm the other process's token cache
    assert.equal((await call(`${b.url}/api/v1/tokens`, { token })).status, 200);
    assert.equal((await call(`${b.url}/api/v1/tokens`, { token })).status, 200);
    assert.equal((await call(`${a.url}/api/v1/tokens/${created.body.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    const after = await call(`${b.url}/api/v1/tokens`, { token });
    assert.equal(after.status, 401);
    assert.equal(after.body.type, 'https://memfleet.dev/problems/unauthenticated');
    assert.equal((await call(`${a.url}/api/v1/tokens`, { token })).status, 401);
  });

  it('answers 401, not 500, to the token of a host deleted on another process', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(a.url, SECRET, report);
    assert.equal((await postReport(b.url, agentToken, report)).status, 202, 'the other process caches the token');
    assert.equal((await call(`${a.url}/api/v1/hosts/${hostId}`, { method: 'DELETE', token: ADMIN })).status, 204);
    const after = await postReport(b.url, agentToken, { ...report, sequence: 2 });
    assert.equal(after.status, 401, JSON.stringify(after.body));
    assert.equal(Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE host_id = $1`, [hostId])).rows[0].n), 0);
  });

  it('answers 401, not 500, when the host row is gone while its token is still cached (the insert hits the foreign key)', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(a.url, SECRET, report);
    assert.equal((await postReport(a.url, agentToken, report)).status, 202, 'token and configuration now cached on a');
    // Straight in the database: no revocation epoch moves, so a still trusts its cached token.
    await pg.query(`DELETE FROM hosts WHERE id = $1`, [hostId]);
    const same = await postReport(a.url, agentToken, { ...report, sequence: 2 });
    assert.equal(same.status, 401, JSON.stringify(same.body));
    assert.match(same.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE host_id = $1`, [hostId])).rows[0].n), 0);
  });

  describe('API token expiry', () => {
    const create = (body: unknown) => call(`${a.url}/api/v1/tokens`, { token: ADMIN, body });

    it('refuses an expiry in the past, malformed, or more than 10 years ahead, naming expiresAt, and stores nothing', async () => {
      const before = Number((await pg.query(`SELECT count(*) AS n FROM api_tokens`)).rows[0].n);
      for (const expiresAt of [
        new Date(Date.now() - 60_000).toISOString(),
        'tomorrow',
        '2030-02-30T00:00:00Z',
        '2030-01-01 00:00:00',
        42,
        new Date(Date.now() + 11 * 365 * 86_400_000).toISOString(),
      ]) {
        const res = await create({ name: 'temp', role: 'viewer', expiresAt });
        assert.equal(res.status, 400, `${JSON.stringify(expiresAt)}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === 'expiresAt'),
          JSON.stringify(res.body),
        );
      }
      assert.equal(Number((await pg.query(`SELECT count(*) AS n FROM api_tokens`)).rows[0].n), before);
    });

    it('lists the expiry and answers 401 "token expired" once it has passed, on every process, cached or not', async () => {
      const expiresAt = new Date(Date.now() + 2_000).toISOString();
      const created = await create({ name: 'short-lived', role: 'viewer', expiresAt });
      assert.equal(created.status, 201);
      assert.equal(created.body.expiresAt, expiresAt);
      const listed = (await call(`${a.url}/api/v1/tokens`, { token: ADMIN })).body.find((t: { id: string }) => t.id === created.body.id);
      assert.equal(listed.expiresAt, expiresAt);
      const forever = await create({ name: 'no-expiry', role: 'viewer' });
      assert.equal(forever.body.expiresAt, null);
      assert.equal((await call(`${a.url}/api/v1/auth/whoami`, { token: created.body.token })).status, 200, 'works until then (and is cached on a)');
      await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 200));
      for (const api of [a, b]) {
        const res = await call(`${api.url}/api/v1/auth/whoami`, { token: created.body.token });
        assert.equal(res.status, 401);
        assert.equal(res.body.type, 'https://memfleet.dev/problems/token-expired');
        assert.match(res.body.detail, /expired/);
      }
      assert.equal((await call(`${b.url}/api/v1/auth/whoami`, { token: forever.body.token })).status, 200);
    });
  });
});
