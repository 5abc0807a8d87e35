import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call } from '../helpers/api-client';
import { authorizeAs, CLIENT_ID, CLIENT_SECRET, CookieJar, startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer';
import { freePort, startApi, type RunningApi } from '../helpers/processes';
import { until } from '../helpers/until';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'oidc-admin-token-0123456789abcdef';
const GROUPS = { alice: ['sre-admins', 'sre'], bob: ['sre', 'payroll'], dave: ['payroll'] };

describe('single sign-on through a real OpenID Connect provider (authorization code + PKCE, real PostgreSQL)', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let issuer: TestIssuer;
  let redirectUrl: string;

  /** Starts a sign-in in a fresh browser (cookie jar): the login answer and the issuer's authorization URL. */
  const startLogin = async () => {
    const jar = new CookieJar();
    const login = await jar.fetch(`${api.url}/api/v1/sessions/oidc/login`);
    assert.equal(login.status, 303, login.text);
    assert.ok(login.location?.startsWith(`${issuer.url}/auth?`), String(login.location));
    return { jar, login, authorizationUrl: login.location! };
  };
  const signInAs = async (account: string) => {
    const { jar, authorizationUrl } = await startLogin();
    const callbackUrl = await authorizeAs(jar, authorizationUrl, account, redirectUrl);
    const back = await jar.fetch(callbackUrl);
    return { jar, back, callbackUrl };
  };

  before(async () => {
    db = await createThrowawayDatabase();
    const port = await freePort();
    redirectUrl = `http://127.0.0.1:${port}/api/v1/sessions/oidc/callback`;
    issuer = await startTestIssuer(redirectUrl, GROUPS);
    api = await startApi({
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_OIDC_ISSUER: issuer.url,
      MEMFLEET_OIDC_CLIENT_ID: CLIENT_ID,
      MEMFLEET_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      MEMFLEET_OIDC_REDIRECT_URL: redirectUrl,
      MEMFLEET_OIDC_SCOPES: 'openid email groups',
      MEMFLEET_OIDC_ROLE_CLAIM: 'groups',
      MEMFLEET_OIDC_ROLES: 'admin:sre-admins,operator:sre',
    });
  });

  after(async () => {
    await api?.stop();
    await issuer?.close();
    await db?.drop();
  });

  it('offers single sign-on to the sign-in page', async () => {
    assert.deepEqual((await call(`${api.url}/api/v1/sessions/options`)).body, { sso: true, ssoUrl: '/api/v1/sessions/oidc/login' });
  });

  it('sends the browser to the issuer with PKCE (S256), state and nonce, remembered in a short httpOnly cookie', async () => {
    const { login, authorizationUrl, jar } = await startLogin();
    const q = new URL(authorizationUrl).searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), CLIENT_ID);
    assert.equal(q.get('redirect_uri'), redirectUrl);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(q.get('state') && q.get('nonce'));
    const cookie = login.res.headers.getSetCookie().find((c) => c.startsWith('memfleet_oidc='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\/api\/v1\/sessions\/oidc/);
    const remembered = JSON.parse(Buffer.from(jar.get(api.url, 'memfleet_oidc')!, 'base64url').toString()) as { state: string };
    assert.equal(remembered.state, q.get('state'));
  });

  it('maps the role claim: a member of sre-admins (and sre) is an admin, of sre alone an operator', async () => {
    const alice = await signInAs('alice');
    assert.equal(alice.back.status, 303, alice.back.text);
    assert.equal(alice.back.location, `${api.url}/`);
    const session = alice.back.res.headers.getSetCookie().find((c) => c.startsWith('memfleet_session='))!;
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Strict/);
    assert.equal(alice.jar.get(api.url, 'memfleet_oidc'), undefined, 'the login cookie is cleared');
    const cookie = `memfleet_session=${alice.jar.get(api.url, 'memfleet_session')}`;
    const who = await call(`${api.url}/api/v1/auth/whoami`, { headers: { cookie } });
    assert.deepEqual(who.body, { kind: 'api', name: 'sso:alice@example.com', role: 'admin' });
    const current = await call(`${api.url}/api/v1/sessions/current`, { headers: { cookie } });
    assert.deepEqual([current.body.via, current.body.tokenId, current.body.role], ['oidc', null, 'admin']);
    const listed = (await call(`${api.url}/api/v1/sessions`, { token: ADMIN })).body.find((s: { id: string }) => s.id === current.body.id);
    assert.equal(listed.subject, 'alice');

    const bob = await signInAs('bob');
    const bobCookie = `memfleet_session=${bob.jar.get(api.url, 'memfleet_session')}`;
    assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { headers: { cookie: bobCookie } })).body.role, 'operator');
    assert.equal((await call(`${api.url}/api/v1/tokens`, { headers: { cookie: bobCookie } })).status, 403);

    // The same session kind as a token sign-in: CSRF on changes, sign-out ends it.
    const csrf = current.body.csrfToken as string;
    assert.equal((await call(`${api.url}/api/v1/sessions/current`, { method: 'DELETE', headers: { cookie } })).status, 403);
    assert.equal((await call(`${api.url}/api/v1/sessions/current`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } })).status, 204);
    assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { headers: { cookie } })).status, 401);
  });

  it('refuses a user none of whose claim values is mapped, saying so, and opens no session', async () => {
    const dave = await signInAs('dave');
    assert.equal(dave.back.status, 303);
    assert.equal(dave.back.location, `${api.url}/?sso_error=no-role`);
    assert.equal(dave.jar.get(api.url, 'memfleet_session'), undefined);
    // The log says why (the line may reach stdout a moment after the answer).
    await until('the refusal in the log', async () => /dave@example\.com has no groups value mapped in MEMFLEET_OIDC_ROLES/.test(api.output()), 5000, 50);
  });

  it('refuses a callback whose state differs from the sign-in this browser started, or with no sign-in started', async () => {
    const { jar, authorizationUrl } = await startLogin();
    const callbackUrl = new URL(await authorizeAs(jar, authorizationUrl, 'alice', redirectUrl));
    callbackUrl.searchParams.set('state', 'not-the-state-we-sent');
    const forged = await jar.fetch(callbackUrl.href);
    assert.equal(forged.location, `${api.url}/?sso_error=state`);
    assert.equal(jar.get(api.url, 'memfleet_session'), undefined);

    // A callback URL replayed in another browser (login CSRF): no login cookie there.
    const alice = await startLogin();
    const honest = await authorizeAs(alice.jar, alice.authorizationUrl, 'alice', redirectUrl);
    const elsewhere = await new CookieJar().fetch(honest);
    assert.equal(elsewhere.location, `${api.url}/?sso_error=state`);
  });

  it('refuses a code exchanged with the wrong PKCE verifier (the issuer says no)', async () => {
    const { jar, authorizationUrl } = await startLogin();
    const callbackUrl = await authorizeAs(jar, authorizationUrl, 'alice', redirectUrl);
    const login = JSON.parse(Buffer.from(jar.get(api.url, 'memfleet_oidc')!, 'base64url').toString()) as { verifier: string };
    login.verifier = 'x'.repeat(43);
    jar.set(api.url, 'memfleet_oidc', Buffer.from(JSON.stringify(login)).toString('base64url'));
    const back = await jar.fetch(callbackUrl);
    assert.equal(back.location, `${api.url}/?sso_error=provider`);
    assert.equal(jar.get(api.url, 'memfleet_session'), undefined);
    await until(
      'the refusal in the log',
      async () => /single sign-on refused \(provider\): the code exchange or ID token was refused/.test(api.output()),
      5000,
      50,
    );
  });
});
