import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { call } from '../helpers/api-client';
import { API_MAIN, freePort, REPO_ROOT, startApi, startProcess, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'transport-admin-token-0123456789';
const SECRET = 'transport-enroll-secret-0123456789';
const HEALTHCHECK = path.join(REPO_ROOT, 'dist/apps/api/src/healthcheck.js');
const ALLOWED = 'https://ops.example.com';

function preflight(url: string, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

const corsHeaders = (res: Response) => [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('security headers and CORS on API answers (real PostgreSQL and Redis)', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let closed: RunningApi;
  let open: RunningApi;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET };
    closed = await startApi({ ...env, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix() });
    open = await startApi({ ...env, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
  });

  after(async () => {
    await closed?.stop();
    await open?.stop();
    await db?.drop();
  });

  it('answers every API response, problems included, with no-store and the security headers', async () => {
    const answers = [
      await call(`${closed.url}/api/v1/hosts`, { token: ADMIN }),
      await call(`${closed.url}/api/v1/hosts`),
      await call(`${closed.url}/api/v1/hosts?limit=nope`, { token: ADMIN }),
      await call(`${closed.url}/api/v1/agents/enroll`, { raw: '{"broken json' }),
      await call(`${closed.url}/api/v1/no-such-route`, { token: ADMIN }),
    ];
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 401, 400, 400, 404],
    );
    for (const a of answers) {
      assert.equal(a.headers.get('cache-control'), 'no-store', `${a.status}: ${JSON.stringify(a.body)}`);
      assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(a.headers.get('x-frame-options'), 'DENY');
      assert.equal(a.headers.get('referrer-policy'), 'no-referrer');
      assert.match(a.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(a.headers.get('x-powered-by'), null);
      assert.equal(a.headers.get('strict-transport-security'), null, 'HSTS only when this process serves HTTPS');
    }
    const ready = await fetch(`${closed.url}/readyz`);
    assert.equal(ready.headers.get('cache-control'), 'no-store');
  });

  it('sends no CORS headers at all when MEMFLEET_CORS_ORIGINS is unset', async () => {
    const pre = await preflight(`${closed.url}/api/v1/reports`, ALLOWED);
    assert.deepEqual(corsHeaders(pre), []);
    const get = await fetch(`${closed.url}/api/v1/hosts`, { headers: { origin: ALLOWED, authorization: `Bearer ${ADMIN}` } });
    assert.equal(get.status, 200);
    assert.deepEqual(corsHeaders(get), []);
  });

  it('answers a preflight from a configured origin, and nothing to another origin', async () => {
    const allowed = await preflight(`${open.url}/api/v1/reports`, ALLOWED);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
    assert.match(allowed.headers.get('vary') ?? '', /Origin/);
    assert.equal(allowed.headers.get('x-content-type-options'), 'nosniff', 'the preflight answer carries the security headers');

    const get = await fetch(`${open.url}/api/v1/hosts`, { headers: { origin: 'http://localhost:5173', authorization: `Bearer ${ADMIN}` } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(get.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);

    for (const origin of ['https://evil.example.com', 'https://ops.example.com.evil.net', 'http://ops.example.com', 'null']) {
      const refused = await preflight(`${open.url}/api/v1/reports`, origin);
      assert.deepEqual(corsHeaders(refused), [], origin);
      assert.notEqual(refused.status, 204, origin);
      const read = await fetch(`${open.url}/api/v1/hosts`, { headers: { origin, authorization: `Bearer ${ADMIN}` } });
      assert.deepEqual(corsHeaders(read), [], origin);
    }
  });
});

/** A GET over HTTPS trusting only `ca`; resolves with the status, headers and body. */
function httpsGet(url: string, ca: Buffer, token?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

async function startTlsApi(env: Record<string, string>, ca: Buffer): Promise<{ api: RunningProcess; url: string; port: number }> {
  const port = await freePort();
  const api = startProcess(API_MAIN, { ...env, PORT: String(port) });
  const url = `https://localhost:${port}`;
  for (let i = 0; i < 600; i++) {
    if (api.child.exitCode !== null) throw new Error(`API exited with ${api.child.exitCode}:\n${api.output()}`);
    try {
      if ((await httpsGet(`${url}/readyz`, ca)).status === 200) return { api, url, port };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await api.stop('SIGKILL');
  throw new Error(`API did not become ready over HTTPS:\n${api.output()}`);
}

/** Runs the API until it exits (a configuration error exits before listening). */
function runApiToExit(env: Record<string, string>) {
  return spawnSync(process.execPath, [API_MAIN], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('HTTPS served by the API itself (MEMFLEET_TLS_CERT / MEMFLEET_TLS_KEY)', { timeout: 120_000 }, () => {
  let dir: string;
  let cert: string;
  let key: string;
  let ca: Buffer;
  let db: ThrowawayDb;
  let tls: { api: RunningProcess; url: string; port: number };
  let env: Record<string, string>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-tls-'));
    cert = path.join(dir, 'cert.pem');
    key = path.join(dir, 'key.pem');
    // A self-signed certificate for localhost: the client trusts exactly it.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    ca = fs.readFileSync(cert);
    db = await createThrowawayDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_TLS_CERT: cert,
      MEMFLEET_TLS_KEY: key,
      LOG_LEVEL: 'info',
    };
    tls = await startTlsApi(env, ca);
  });

  after(async () => {
    await tls?.api.stop();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers /readyz and an authenticated call over HTTPS with the certificate trusted, with HSTS', async () => {
    const ready = await httpsGet(`${tls.url}/readyz`, ca);
    assert.equal(ready.status, 200, ready.body);
    const whoami = await httpsGet(`${tls.url}/api/v1/auth/whoami`, ca, ADMIN);
    assert.equal(whoami.status, 200, whoami.body);
    assert.equal(JSON.parse(whoami.body).role, 'admin');
    assert.match(String(whoami.headers['strict-transport-security']), /max-age=\d+/);
    assert.equal((await httpsGet(`${tls.url}/api/v1/auth/whoami`, ca)).status, 401);
    // An untrusting client refuses the self-signed certificate: the connection really is TLS.
    await assert.rejects(new Promise((resolve, reject) => https.get(`${tls.url}/readyz`, resolve).on('error', reject)), /self-signed|self signed/);
    await assert.rejects(fetch(`http://127.0.0.1:${tls.port}/readyz`), 'no plain HTTP on the TLS port');
    assert.match(tls.api.output(), /listening on https:\/\//);
  });

  it('marks the session cookie Secure when the API serves HTTPS itself', async () => {
    const body = JSON.stringify({ token: ADMIN });
    const answer = await new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
      const req = https.request(
        `${tls.url}/api/v1/sessions`,
        { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, cookies: res.headers['set-cookie'] ?? [] }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.status, 201);
    const cookie = answer.cookies.find((c) => c.startsWith('memfleet_session='));
    assert.match(String(cookie), /; Secure/);
    assert.match(String(cookie), /; HttpOnly/);
  });

  it('the container health check passes over HTTPS', () => {
    const check = (extra: Record<string, string>) =>
      spawnSync(process.execPath, [HEALTHCHECK, '/readyz'], { env: { PATH: process.env.PATH, PORT: String(tls.port), ...extra }, timeout: 10_000 }).status;
    assert.equal(check({ MEMFLEET_TLS_CERT: cert, MEMFLEET_TLS_KEY: key }), 0);
    assert.equal(check({}), 1, 'a plain-HTTP check of the TLS port fails, so the check can fail');
  });

  it('stops with a configuration error naming the missing or unreadable file', () => {
    const base = { MEMFLEET_DATA_DIR: path.join(dir, 'data'), MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET, PORT: '0' };
    const certOnly = runApiToExit({ ...base, MEMFLEET_TLS_CERT: cert });
    assert.equal(certOnly.status, 2, certOnly.stderr);
    assert.match(certOnly.stderr, /configuration error: MEMFLEET_TLS_KEY is not set, but MEMFLEET_TLS_CERT is/);
    const keyOnly = runApiToExit({ ...base, MEMFLEET_TLS_KEY: key });
    assert.equal(keyOnly.status, 2, keyOnly.stderr);
    assert.match(keyOnly.stderr, /configuration error: MEMFLEET_TLS_CERT is not set, but MEMFLEET_TLS_KEY is/);
    const missing = runApiToExit({ ...base, MEMFLEET_TLS_CERT: path.join(dir, 'nope.pem'), MEMFLEET_TLS_KEY: key });
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /MEMFLEET_TLS_CERT=.*nope\.pem cannot be read/);
    const swapped = runApiToExit({ ...base, MEMFLEET_TLS_CERT: key, MEMFLEET_TLS_KEY: cert });
    assert.equal(swapped.status, 2, swapped.stderr);
    assert.match(swapped.stderr, /not a PEM certificate and its private key/);
  });
});
