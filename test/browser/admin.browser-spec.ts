import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, launch, openSession, screenshot } from './harness';

const ADMIN = 'admin-ui-admin-token-0123456789abcdef';
const SECRET = 'admin-ui-enroll-secret-0123456789abcdef';

describe('administration in the dashboard (Chromium)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let hostId: string;
  let agentToken: string;
  let report: ReturnType<typeof generateReport>;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-admin-ui-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    report = generateReport(0);
    const enrolled = await enroll(api.url, SECRET, report, report.labels);
    hostId = enrolled.hostId;
    agentToken = enrolled.agentToken;
    assert.equal((await postReport(api.url, enrolled.agentToken, report, { wait: 30 })).status, 200);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a token shown once that works, then revokes it through a confirmation dialog', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/');
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'API tokens' }).waitFor();
      await page.getByLabel('Name').fill('grafana-ui');
      await page.getByLabel('Role').selectOption('viewer');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = (await page.getByTestId('shown-once-secret').textContent())!.trim();
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: secret })).body.name, 'grafana-ui', 'the secret shown works');
      await screenshot(page, 'admin-token-shown-once');
      await page.getByRole('button', { name: 'Done, I have stored it' }).click();
      assert.equal(await page.getByTestId('shown-once-secret').count(), 0, 'never shown again');
      assert.equal((await page.content()).includes(secret), false);

      await page.getByRole('button', { name: 'Revoke token grafana-ui' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke token “grafana-ui”?' });
      await dialog.waitFor();
      await screenshot(page, 'admin-revoke-dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: secret })).status, 200, 'Escape cancels');
      await page.getByRole('button', { name: 'Revoke token grafana-ui' }).click();
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      // The token's own row, not any text saying "revoked" (the sessions section has one).
      await page
        .getByRole('table', { name: 'API tokens' })
        .getByRole('row', { name: /grafana-ui/ })
        .getByText(/^revoked /)
        .waitFor();
      assert.equal((await call(`${api.url}/api/v1/auth/whoami`, { token: secret })).status, 401, 'revoked');
      await screenshot(page, 'admin-page');
    } finally {
      await context.close();
    }
  });

  it('edits a host label from the host page', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}`);
      await page.getByRole('button', { name: 'Edit labels' }).click();
      const box = page.getByLabel(/Labels, one key=value a line/);
      await box.fill(`${await box.inputValue()}\nowner=sre-ui`.trim());
      // a reload would drop this mark: the saved label must appear in place
      await page.evaluate('window.memfleetNoReload = true');
      await page.getByRole('button', { name: 'Save labels' }).click();
      await page.getByRole('link', { name: 'owner=sre-ui' }).waitFor();
      assert.equal(await page.evaluate('window.memfleetNoReload'), true, 'the page was not reloaded');
      const host = (await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN })).body;
      assert.equal((host.host ?? host).labels.owner, 'sre-ui');
      await page.getByRole('button', { name: 'Retire host' }).click();
      await page.getByRole('dialog', { name: /^Retire / }).waitFor();
      await screenshot(page, 'admin-host-retire-dialog');
    } finally {
      await context.close();
    }
  });

  it("lists the host's agent tokens, revokes one after confirmation so its reports are refused, and grants a re-enroll", async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}`);
      await page.getByText('Agent tokens (1 active of 1)').click();
      const table = page.getByRole('table', { name: 'Agent tokens' });
      await table.getByRole('cell', { name: 'active' }).waitFor();
      assert.equal(await table.getByRole('cell', { name: 'never' }).count(), 0, 'the token was used for the report');
      await page.getByRole('button', { name: /^Revoke agent token/ }).click();
      const dialog = page.getByRole('dialog', { name: /^Revoke agent token/ });
      await dialog.getByRole('button', { name: 'Revoke agent token' }).click();
      await page.getByText('Agent tokens (0 active of 1)').waitFor();
      await table.getByRole('cell', { name: /^revoked / }).waitFor();
      assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 2 })).status, 401, 'the revoked token is refused');

      await page.getByRole('button', { name: 'Allow re-enroll' }).click();
      await page
        .getByRole('dialog', { name: /enroll again/ })
        .getByRole('button', { name: 'Allow re-enroll for one hour' })
        .click();
      await page.getByRole('status').filter({ hasText: 'may enroll again once before' }).waitFor();
      const again = await enroll(api.url, SECRET, report, report.labels);
      assert.equal(again.hostId, hostId, 'the grant lets the same machine enroll into the same host');
      await screenshot(page, 'admin-agent-tokens');
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no Admin link and no host admin controls', async () => {
    const viewer = (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'v-ui', role: 'viewer' } })).body.token as string;
    const { page, context } = await openSession(browser, api.url, viewer);
    try {
      await page.goto(`/hosts/${hostId}`);
      await page.getByRole('tab', { name: /Findings/ }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Admin', exact: true }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Edit labels' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Delete host' }).count(), 0);
    } finally {
      await context.close();
    }
  });
});
