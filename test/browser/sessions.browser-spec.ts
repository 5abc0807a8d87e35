import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call } from '../helpers/api-client';
import { CLIENT_ID, CLIENT_SECRET, startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer';
import { freePort, startApi, type RunningApi } from '../helpers/processes';
import { until } from '../helpers/until';
import { assertDashboardBuilt, launch, openSession, screenshot, TOKEN_KEY } from './harness';

const ADMIN = 'sessions-ui-admin-token-0123456789abcdef';

const signInWithToken = async (page: Page, token: string) => {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
};

describe('sign-in that lasts: one sign-in for every tab, sign-out for all (Chromium)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-sessions-ui-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in once; a new tab is signed in and can change things (CSRF header); signing out ends it in every tab', async () => {
    const { page, context, errors } = await openSession(browser, api.url);
    try {
      await page.goto('/');
      assert.equal(await page.getByRole('link', { name: 'Sign in with SSO' }).count(), 0, 'no SSO button when it is not configured');
      await signInWithToken(page, ADMIN);
      await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
      assert.equal(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(TOKEN_KEY)})`), null, 'the token is not kept in the tab');
      const cookie = (await context.cookies()).find((c) => c.name === 'memfleet_session');
      assert.ok(cookie, 'a session cookie');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(((await page.evaluate('document.cookie')) as string).includes('memfleet_session'), false, 'scripts cannot read it');

      const second = await context.newPage();
      await second.goto('/admin');
      await second.getByRole('heading', { name: 'API tokens' }).waitFor();
      assert.match(await second.locator('.who').innerText(), /admin/i);
      // A change from the new tab: the dashboard sends the session's X-CSRF-Token, or the API would answer 403.
      await second.getByLabel('Name').fill('made-in-second-tab');
      await second.getByLabel('Role').selectOption('viewer');
      await second.getByRole('button', { name: 'Create token' }).click();
      const secret = (await second.getByTestId('shown-once-secret').textContent())!.trim();
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: secret })).body.name, 'made-in-second-tab');
      await screenshot(second, 'session-second-tab');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API token').waitFor();
      await page.getByText('Signed out.').waitFor();
      assert.equal(
        (await call(`${api.url}/api/v1/auth/whoami`, { headers: { cookie: `memfleet_session=${cookie.value}` } })).status,
        401,
        'the session ended on the server',
      );
      await second.reload();
      await second.getByLabel('API token').waitFor();
      const third = await context.newPage();
      await third.goto('/');
      await third.getByLabel('API token').waitFor();
      await screenshot(third, 'session-signed-out');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it("an admin sees the signed-in sessions and ends another browser's", async () => {
    const other = await openSession(browser, api.url);
    const admin = await openSession(browser, api.url);
    try {
      await other.page.goto('/');
      await signInWithToken(other.page, ADMIN);
      await other.page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
      await admin.page.goto('/admin');
      await signInWithToken(admin.page, ADMIN);
      const table = admin.page.getByRole('table', { name: 'Signed-in sessions' });
      await table.waitFor();
      const rows = table.locator('tbody tr');
      assert.equal(await rows.count(), 2, 'the two browsers signed in (the first test signed out)');
      await screenshot(admin.page, 'admin-sessions');
      // Newest first: the admin's own session, then the other browser's.
      await rows
        .nth(1)
        .getByRole('button', { name: /^End session of/ })
        .click();
      await admin.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
      await admin.page.getByRole('dialog').waitFor({ state: 'detached' });
      await until('one session left', async () => (await rows.count()) === 1);
      await other.page.reload();
      await other.page.getByLabel('API token').waitFor();
      await admin.page.reload();
      await admin.page.getByRole('heading', { name: 'API tokens' }).waitFor();
      assert.deepEqual([...other.errors, ...admin.errors], []);
    } finally {
      await other.context.close();
      await admin.context.close();
    }
  });
});

describe('single sign-on from the sign-in page (Chromium, a real OpenID Connect provider)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let issuer: TestIssuer;
  let browser: Browser;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-sso-ui-'));
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}/api/v1/sessions/oidc/callback`;
    issuer = await startTestIssuer(redirectUrl, { alice: ['sre-admins'], dave: ['payroll'] });
    api = await startApi({
      PORT: String(port),
      MEMFLEET_DATA_DIR: dataDir,
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_OIDC_ISSUER: issuer.url,
      MEMFLEET_OIDC_CLIENT_ID: CLIENT_ID,
      MEMFLEET_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      MEMFLEET_OIDC_REDIRECT_URL: redirectUrl,
      MEMFLEET_OIDC_SCOPES: 'openid email groups',
      MEMFLEET_OIDC_ROLES: 'admin:sre-admins,operator:sre',
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    await issuer?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const ssoAs = async (page: Page, account: string) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  };

  it('signs in through the provider with the mapped role, for every tab', async () => {
    const { page, context, errors } = await openSession(browser, api.url);
    try {
      await page.goto('/');
      await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
      await screenshot(page, 'sign-in-with-sso');
      await ssoAs(page, 'alice');
      await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
      assert.match(await page.locator('.who').innerText(), /sso:alice@example\.com · admin/i);
      const second = await context.newPage();
      await second.goto('/admin');
      await second.getByRole('heading', { name: 'API tokens' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('tells a user without a mapped group that they have no role, and signs nobody in', async () => {
    const { page, context } = await openSession(browser, api.url);
    try {
      await ssoAs(page, 'dave');
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /no memfleet role/);
      assert.equal(new URL(page.url()).search, '', 'the error code is taken out of the address bar');
      assert.equal(
        (await context.cookies()).find((c) => c.name === 'memfleet_session'),
        undefined,
      );
      await screenshot(page, 'sso-no-role');
    } finally {
      await context.close();
    }
  });
});
