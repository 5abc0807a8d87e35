import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, type JsonResponse } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'sessions-admin-token-0123456789abcdef';
const SECRET = 'sessions-enroll-secret-0123456789abcdef';
const HOURS = 3;

/** The attributes of the memfleet_session Set-Cookie of an answer, lower-cased names; null when none. */
function sessionCookie(res: JsonResponse): { value: string; attrs: Record<string, string> } | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('memfleet_session='));
  if (!line) return null;
  const [pair, ...rest] = line.split(/;\s*/);
  const attrs = Object.fromEntries(rest.map((a) => [a.split('=')[0].toLowerCase(), a.split('=').slice(1).join('=')]));
  return { value: pair.slice('memfleet_session='.length), attrs };
}

describe('sessions: sign-in with a token, cookie, CSRF, expiry and revocation (API process, real PostgreSQL)', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;

  const createToken = async (role: string, extra: object = {}) => {
    const res = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: `sessions-${role}-${randomUUID().slice(0, 8)}`, role, ...extra } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; token: string; name: string };
  };
  /** Signs in; returns the cookie header to send, the CSRF token and the whole answer. */
  const signIn = async (token: string, headers: Record<string, string> = {}) => {
    const res = await call(`${api.url}/api/v1/sessions`, { body: { token }, headers });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const cookie = sessionCookie(res)!;
    return { cookie: `memfleet_session=${cookie.value}`, csrf: res.body.csrfToken as string, res, set: cookie };
  };
  const withCookie = (cookie: string, init: Parameters<typeof call>[1] = {}) => ({ ...init, headers: { cookie, ...(init.headers ?? {}) } });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_SESSION_HOURS: String(HOURS),
      MEMFLEET_TRUST_PROXY: '1',
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('sets an httpOnly, SameSite=Strict cookie for the API paths that lasts MEMFLEET_SESSION_HOURS, storing only its hash', async () => {
    const before = Date.now();
    const { set, res } = await signIn(ADMIN);
    assert.equal(set.attrs.httponly, '');
    assert.equal(set.attrs.samesite, 'Strict');
    assert.equal(set.attrs.path, '/api');
    assert.equal('secure' in set.attrs, false, 'plain HTTP without a TLS proxy: not Secure');
    const expires = Date.parse(set.attrs.expires);
    assert.ok(Math.abs(expires - (before + HOURS * 3_600_000)) < 60_000, `expires ${set.attrs.expires}`);
    assert.equal(res.body.role, 'admin');
    assert.equal(res.body.via, 'token');
    assert.match(res.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const stored = await pg.query(`SELECT id_hash FROM sessions WHERE id = $1`, [res.body.id]);
    assert.equal(stored.rows.length, 1);
    assert.notEqual(stored.rows[0].id_hash, set.value, 'the session id itself is not stored');
    assert.match(stored.rows[0].id_hash, /^[0-9a-f]{64}$/);
    assert.equal((await pg.query(`SELECT count(*)::int AS n FROM sessions WHERE id_hash = $1`, [set.value])).rows[0].n, 0);
  });

  it('marks the cookie Secure when a trusted TLS proxy forwarded the request (MEMFLEET_TRUST_PROXY)', async () => {
    const { set } = await signIn(ADMIN, { 'x-forwarded-proto': 'https' });
    assert.equal(set.attrs.secure, '');
  });

  it('the cookie authenticates with the token’s role: a viewer session reads, and is refused admin routes', async () => {
    const viewer = await createToken('viewer');
    const { cookie, csrf } = await signIn(viewer.token);
    const who = await call(`${api.url}/api/v1/auth/whoami`, withCookie(cookie));
    assert.deepEqual([who.status, who.body], [200, { kind: 'api', name: viewer.name, role: 'viewer' }]);
    assert.equal((await call(`${api.url}/api/v1/hosts`, withCookie(cookie))).status, 200);
    const admin = await call(`${api.url}/api/v1/tokens`, withCookie(cookie));
    assert.equal(admin.status, 403);
    assert.match(admin.body.detail, /needs the admin role; the session has viewer/);
    const current = await call(`${api.url}/api/v1/sessions/current`, withCookie(cookie));
    assert.equal(current.status, 200);
    assert.equal(current.body.csrfToken, csrf, 'a new tab gets the same CSRF token');
    assert.equal(current.body.role, 'viewer');
  });

  it('refuses a mutating cookie request without X-CSRF-Token or with a wrong one (403 naming the reason), and does it with the right one', async () => {
    const { cookie, csrf } = await signIn(ADMIN);
    const body = { name: 'made-through-a-session', role: 'viewer' };
    const missing = await call(`${api.url}/api/v1/tokens`, withCookie(cookie, { body }));
    assert.equal(missing.status, 403);
    assert.equal(missing.body.type, 'https://memfleet.dev/problems/csrf-token-missing');
    assert.match(missing.body.detail, /X-CSRF-Token/);
    const wrong = await call(`${api.url}/api/v1/tokens`, withCookie(cookie, { body, headers: { 'x-csrf-token': 'A'.repeat(43) } }));
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.type, 'https://memfleet.dev/problems/csrf-token-mismatch');
    // Another session's token does not fit this one.
    const other = await signIn(ADMIN);
    const foreign = await call(`${api.url}/api/v1/tokens`, withCookie(cookie, { body, headers: { 'x-csrf-token': other.csrf } }));
    assert.equal(foreign.body.type, 'https://memfleet.dev/problems/csrf-token-mismatch');
    // A DELETE has no body: refused by the guard, not the early check.
    const del = await call(`${api.url}/api/v1/sessions/current`, withCookie(cookie, { method: 'DELETE' }));
    assert.equal(del.status, 403);
    assert.equal(del.body.type, 'https://memfleet.dev/problems/csrf-token-missing');
    const names = (await call(`${api.url}/api/v1/tokens`, { token: ADMIN })).body.map((t: { name: string }) => t.name);
    assert.ok(!names.includes('made-through-a-session'), 'nothing was created by the refused requests');
    const ok = await call(`${api.url}/api/v1/tokens`, withCookie(cookie, { body, headers: { 'x-csrf-token': csrf } }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('bearer tokens work unchanged beside a cookie: the bearer wins, and needs no CSRF header', async () => {
    const viewer = await createToken('viewer');
    const { cookie } = await signIn(viewer.token);
    const who = await call(`${api.url}/api/v1/auth/whoami`, withCookie(cookie, { token: ADMIN }));
    assert.equal(who.body.role, 'admin');
    const made = await call(`${api.url}/api/v1/tokens`, withCookie(cookie, { token: ADMIN, body: { name: 'bearer-beside-cookie', role: 'viewer' } }));
    assert.equal(made.status, 201);
    assert.equal((await call(`${api.url}/api/v1/sessions/current`, { token: ADMIN })).status, 404, 'a bearer caller has no session');
  });

  it('never outlives the token it was signed in with, and an expired session is refused', async () => {
    const soon = new Date(Date.now() + 30 * 60_000);
    const short = await createToken('operator', { expiresAt: soon.toISOString() });
    const { set, res, cookie } = await signIn(short.token);
    assert.ok(Math.abs(Date.parse(res.body.expiresAt) - soon.getTime()) < 2000, `${res.body.expiresAt} vs ${soon.toISOString()}`);
    assert.ok(Math.abs(Date.parse(set.attrs.expires) - soon.getTime()) < 2000);
    await pg.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
    const after = await call(`${api.url}/api/v1/hosts`, withCookie(cookie));
    assert.equal(after.status, 401);
    assert.equal(after.body.type, 'https://memfleet.dev/problems/session-ended');
  });

  it('sign-out ends the session and clears the cookie', async () => {
    const { cookie, csrf } = await signIn(ADMIN);
    const out = await call(`${api.url}/api/v1/sessions/current`, withCookie(cookie, { method: 'DELETE', headers: { 'x-csrf-token': csrf } }));
    assert.equal(out.status, 204);
    const cleared = sessionCookie(out)!;
    assert.equal(cleared.value, '');
    assert.ok(Date.parse(cleared.attrs.expires) < Date.now());
    assert.equal((await call(`${api.url}/api/v1/hosts`, withCookie(cookie))).status, 401);
  });

  it('admins list open sessions and end one; revoking a token ends its sessions', async () => {
    const op = await createToken('operator');
    const a = await signIn(op.token);
    const b = await signIn(op.token);
    const list = await call(`${api.url}/api/v1/sessions`, { token: ADMIN });
    assert.equal(list.status, 200);
    const mine = list.body.filter((s: { tokenId: string }) => s.tokenId === op.id);
    assert.deepEqual(mine.map((s: { id: string }) => s.id).sort(), [a.res.body.id, b.res.body.id].sort());
    assert.deepEqual(Object.keys(mine[0]).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'role', 'subject', 'tokenId', 'via']);

    assert.equal((await call(`${api.url}/api/v1/sessions/${a.res.body.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    assert.equal((await call(`${api.url}/api/v1/hosts`, withCookie(a.cookie))).status, 401, 'the revoked session is refused at once');
    assert.equal((await call(`${api.url}/api/v1/hosts`, withCookie(b.cookie))).status, 200, 'the other one goes on');
    assert.equal((await call(`${api.url}/api/v1/sessions/${a.res.body.id}`, { method: 'DELETE', token: ADMIN })).status, 404);
    const activity = await call(`${api.url}/api/v1/activity?action=session.revoked`, { token: ADMIN });
    assert.equal(activity.body.items[0].targetId, a.res.body.id);

    assert.equal((await call(`${api.url}/api/v1/tokens/${op.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    const ended = await call(`${api.url}/api/v1/hosts`, withCookie(b.cookie));
    assert.equal(ended.status, 401);
    assert.equal(ended.body.type, 'https://memfleet.dev/problems/session-ended');
    const left = (await call(`${api.url}/api/v1/sessions`, { token: ADMIN })).body.filter((s: { tokenId: string }) => s.tokenId === op.id);
    assert.deepEqual(left, []);
    const viewer = await createToken('viewer');
    const v = await signIn(viewer.token);
    assert.equal((await call(`${api.url}/api/v1/sessions`, withCookie(v.cookie))).status, 403, 'listing sessions is for admins');
  });

  it('refuses bad sign-ins with a 4xx naming the field or the reason', async () => {
    const noToken = await call(`${api.url}/api/v1/sessions`, { body: {} });
    assert.equal(noToken.status, 400);
    assert.ok(
      noToken.body.errors.some((e: { path: string }) => e.path === 'token'),
      JSON.stringify(noToken.body),
    );
    const empty = await call(`${api.url}/api/v1/sessions`, { body: { token: '' } });
    assert.equal(empty.status, 400);
    assert.ok(
      empty.body.errors.some((e: { path: string; reason: string }) => e.path === 'token' && /longer|length/.test(e.reason)),
      JSON.stringify(empty.body),
    );
    const long = await call(`${api.url}/api/v1/sessions`, { body: { token: 'x'.repeat(600) } });
    assert.ok(
      long.body.errors.some((e: { path: string }) => e.path === 'token'),
      JSON.stringify(long.body),
    );
    const unknown = await call(`${api.url}/api/v1/sessions`, { body: { token: 'mfa_not-a-real-token' } });
    assert.equal(unknown.status, 401);
    assert.equal(sessionCookie(unknown), null, 'no cookie for a refused sign-in');
    const agent = (await enroll(api.url, SECRET, sampleReport({ machineId: randomUUID().replace(/-/g, '') }))).agentToken;
    const byAgent = await call(`${api.url}/api/v1/sessions`, { body: { token: agent } });
    assert.equal(byAgent.status, 403);
    assert.match(byAgent.body.detail, /Agent tokens cannot sign in/);
    const badId = await call(`${api.url}/api/v1/sessions/not-a-uuid`, { method: 'DELETE', token: ADMIN });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.errors[0].path, 'id');
    const garbageCookie = await call(`${api.url}/api/v1/hosts`, { headers: { cookie: 'memfleet_session=mfs_' + 'A'.repeat(43) } });
    assert.equal(garbageCookie.status, 401);
    const sso = await call(`${api.url}/api/v1/sessions/oidc/login`);
    assert.equal(sso.status, 404);
    assert.equal(sso.body.type, 'https://memfleet.dev/problems/sso-not-configured');
    assert.deepEqual((await call(`${api.url}/api/v1/sessions/options`)).body, { sso: false, ssoUrl: null });
  });
});
