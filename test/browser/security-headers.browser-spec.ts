import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, launch, openSession, screenshot } from './harness';

const ADMIN = 'csp-admin-token-0123456789abcdef';
const SECRET = 'csp-enroll-secret-0123456789abcdef';

/** The security headers every page carries. */
function assertPageHeaders(res: Response | null, what: string): void {
  assert.ok(res, `${what}: a document response`);
  const h = res.headers();
  const csp = h['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/, `${what}: scripts only from this origin (${csp})`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: ${csp}`);
  assert.equal(h['x-frame-options'], 'DENY', what);
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.equal(h['referrer-policy'], 'no-referrer', what);
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(done(), what);
}

describe('security headers: the dashboard and Swagger UI work under the Content-Security-Policy (Chromium)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let hostId: string;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-csp-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (const i of [0, 11]) {
      const report = generateReport(i);
      const enrolled = await enroll(api.url, SECRET, report, report.labels);
      hostId = enrolled.hostId;
      assert.equal((await postReport(api.url, enrolled.agentToken, report, { wait: 30 })).status, 200);
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the dashboard pages run with no CSP violation; API answers are not cached, hashed assets are', async () => {
    const { page, context, errors, cspViolations } = await openSession(browser, api.url, ADMIN);
    const apiCache: string[] = [];
    const assetCache: string[] = [];
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/api/')) apiCache.push(`${p} ${r.headers()['cache-control']}`);
      if (p.startsWith('/assets/')) assetCache.push(`${p} ${r.headers()['cache-control']}`);
    });
    try {
      assertPageHeaders(await page.goto('/'), 'dashboard /');
      await page.getByRole('heading', { name: 'Top rules by hosts affected' }).waitFor();
      await page.locator('figure.chart').first().waitFor();
      await page.goto('/hosts');
      await page.getByTestId('hosts-total').waitFor();
      assertPageHeaders(await page.goto(`/hosts/${hostId}`), 'dashboard host page');
      await page.locator('article.finding').first().waitFor();
      await page.getByRole('tab', { name: 'Facts' }).click();
      await page.getByRole('heading', { name: 'Memory and commit headroom' }).waitFor();
      await page.goto('/rules');
      await page.goto('/rules/allocator-fragmentation');
      await page.getByLabel('warningRatio').fill('1.2');
      await page.getByRole('button', { name: 'Preview effect' }).click();
      await page.getByText(/With these values, of \d+ hosts evaluated/).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'csp-dashboard');

      assert.deepEqual(cspViolations, []);
      assert.deepEqual(errors, []);
      assert.ok(apiCache.length >= 5, `the pages called the API: ${apiCache.join(', ')}`);
      assert.deepEqual(
        apiCache.filter((l) => !l.endsWith(' no-store')),
        [],
      );
      assert.ok(assetCache.length >= 2, `assets loaded: ${assetCache.join(', ')}`);
      assert.deepEqual(
        assetCache.filter((l) => !/max-age=31536000, immutable$/.test(l)),
        [],
      );
    } finally {
      await context.close();
    }
  });

  it('Swagger UI at /docs renders and calls the API with a token, with no CSP violation', async () => {
    const { page, context, errors, cspViolations } = await openSession(browser, api.url);
    try {
      assertPageHeaders(await page.goto('/docs'), '/docs');
      await page.getByRole('button', { name: 'Authorize' }).click();
      await page.locator('.modal-ux input').first().fill(ADMIN);
      await page.locator('.modal-ux button.modal-btn.authorize').click();
      await page.locator('.modal-ux button.btn-done').click();
      const op = page.locator('.opblock', { hasText: '/api/v1/auth/whoami' }).first();
      await op.locator('.opblock-summary').click();
      await op.getByRole('button', { name: 'Try it out' }).click();
      await op.getByRole('button', { name: 'Execute' }).click();
      await op.locator('.live-responses-table tbody .response-col_status').first().waitFor();
      assert.equal((await op.locator('.live-responses-table tbody .response-col_status').first().innerText()).trim(), '200');
      await screenshot(page, 'csp-docs');
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('blocks and reports an injected inline script', async () => {
    const { page, context, cspViolations } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Top rules by hosts affected' }).waitFor();
      await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.head.appendChild(s); })()`);
      assert.equal(await page.evaluate('window.injected'), undefined, 'the inline script did not run');
      await until(() => cspViolations.some((v) => /script-src/.test(v)), `the violation is reported: ${JSON.stringify(cspViolations)}`);
    } finally {
      await context.close();
    }
  });

  it('refuses to be framed by another page', async () => {
    const framed = await browser.newPage();
    try {
      await framed.setContent(`<iframe src="${api.url}/"></iframe>`);
      const frame = framed.frames()[1];
      await frame.waitForLoadState();
      assert.equal(await frame.locator('#root').count(), 0, 'the dashboard does not load inside a frame');
    } finally {
      await framed.close();
    }
  });
});
