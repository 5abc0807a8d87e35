import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, csvRows, download, launch, openSession, screenshotWidths } from './harness';

// The output side of the dashboard (audits, schedules, destinations, activity) against the real API.

const ADMIN = 'browser-output-admin-token-0123456789';
const SECRET = 'browser-output-enroll-secret-0123456789';
const HOSTS = 8;
const SECTIONS = [
  'Fleet',
  'Findings by rule and severity',
  'Since the previous audit',
  'Remediations, ranked by hosts fixed',
  'Failure patterns',
  'Time to fix and recurrence',
];

describe('dashboard output pages in Chromium against the real API', { timeout: 300_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let operator: string;
  let viewer: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  let receiverUrl: string;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-browser-output-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (let i = 0; i < HOSTS; i++) {
      const report = generateReport(i);
      const { agentToken } = await enroll(api.url, SECRET, report, report.labels);
      const res = await postReport(api.url, agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const mk = async (role: string) => {
      const res = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: `output-${role}`, role } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.token as string;
    };
    operator = await mk('operator');
    viewer = await mk('viewer');
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    receiver.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a viewer sees the empty audit list and no run button', async () => {
    const { page, context, errors } = await openSession(browser, api.url, viewer);
    try {
      await page.goto('/audits');
      await page.getByText('No audit has run yet').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Run audit now' }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Schedules' }).count(), 0, 'schedules are for admins');
      await screenshotWidths(page, 'audits-empty-viewer');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an operator runs an audit, watches it finish, opens every section and downloads each format', async () => {
    const { page, context, errors } = await openSession(browser, api.url, operator);
    try {
      await page.goto('/audits');
      await page.getByRole('button', { name: 'Run audit now' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Audit (queued|running|done)/ })
        .waitFor();
      const row = page.locator('tr[data-audit]').first();
      await row.locator('.badge', { hasText: 'done' }).waitFor({ timeout: 90_000 });
      const id = (await row.getAttribute('data-audit')) as string;
      const stored = (await call(`${api.url}/api/v1/audits/${id}`, { token: operator })).body;
      assert.equal(stored.status, 'done');
      assert.match(await row.innerText(), new RegExp(`\\b${stored.totals.critical}\\b`));
      await screenshotWidths(page, 'audits-list');

      await row.getByRole('link').first().click();
      await page.waitForURL(`**/audits/${id}`);
      for (const name of SECTIONS) await page.getByRole('heading', { name, level: 2 }).waitFor();
      await page.getByRole('heading', { name: /^Silenced \(\d+\)$/, level: 2 }).waitFor();
      const hosts = Number((await page.locator('[data-stat="Hosts"] .stat-value').innerText()).replace(/,/g, ''));
      assert.equal(hosts, stored.summary.fleet.total);
      await page.getByText('This is the first audit of its scope').waitFor();
      await screenshotWidths(page, 'audit-detail');

      const json = await download(page, () => page.getByRole('button', { name: 'JSON' }).click());
      // The JSON export is the stored summary with the audit's fields and every hit.
      const doc = JSON.parse(json.body.toString());
      assert.equal(doc.summary.fleet.total, stored.summary.fleet.total);
      const csv = await download(page, () => page.getByRole('button', { name: /^CSV/ }).click());
      const rows = csvRows(csv.body.toString()).filter((r) => r.some(Boolean));
      assert.ok(rows[0].includes('ruleId'), `CSV header: ${rows[0].join(',')}`);
      assert.equal(rows.length - 1, doc.hits.length, 'one CSV row per hit of the JSON export');
      const silenced = rows[0].indexOf('silenced');
      assert.equal(rows.slice(1).filter((r) => r[silenced] === 'true').length, stored.totals.silenced, 'silenced hits included and flagged');
      const html = await download(page, () => page.getByRole('button', { name: 'HTML' }).click());
      assert.match(html.body.toString(), /<html/i);
      const pdf = await download(page, () => page.getByRole('button', { name: 'PDF' }).click());
      assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF');

      // A second audit of the same scope is compared with the first.
      const second = await call(`${api.url}/api/v1/audits`, { token: operator, body: {} });
      assert.equal(second.status, 202, JSON.stringify(second.body));
      await page.goto(`/audits/${second.body.id}`);
      await page.getByRole('link', { name: /^the audit of / }).waitFor({ timeout: 90_000 });
      for (const list of ['Opened', 'Resolved', 'Escalated', 'Hosts appeared', 'Hosts gone stale']) await page.locator(`[data-change="${list}"]`).waitFor();
      await page.getByRole('link', { name: /^the audit of / }).click();
      await page.waitForURL(`**/audits/${id}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an admin creates, edits and deletes a schedule; a bad cron is refused naming the field', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/audits');
      await page.getByRole('heading', { name: 'Schedules' }).waitFor();
      await page.getByRole('button', { name: 'New schedule' }).click();
      const form = page.getByRole('form', { name: 'New schedule' });
      await form.getByLabel('Name').fill('Edge weekdays');
      await form.getByLabel('Cron').fill('every morning');
      await form.getByLabel('Scope (label selector)').fill('team=edge');
      await form.getByRole('button', { name: 'Create schedule' }).click();
      assert.match(await form.getByRole('alert').innerText(), /cron/);
      await form.getByLabel('Cron').fill('0 7 * * 1-5');
      await form.getByLabel('Time zone').fill('Europe/Berlin');
      await form.getByRole('button', { name: 'Create schedule' }).click();
      const row = page.locator('tr[data-schedule="Edge weekdays"]');
      await row.waitFor();
      assert.match(await row.innerText(), /0 7 \* \* 1-5[\s\S]*Europe\/Berlin[\s\S]*team=edge/);
      await screenshotWidths(page, 'audits-schedules');

      await row.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('form', { name: 'Edit schedule Edge weekdays' });
      await edit.getByLabel('Cron').fill('30 6 * * *');
      await edit.getByRole('button', { name: 'Save schedule' }).click();
      await row.getByText('30 6 * * *').waitFor();
      const stored = (await call(`${api.url}/api/v1/audit-schedules`, { token: ADMIN })).body;
      const items = Array.isArray(stored) ? stored : stored.items;
      assert.equal(items.find((s: { name: string }) => s.name === 'Edge weekdays').cron, '30 6 * * *');

      await row.getByRole('button', { name: 'Delete' }).click();
      await row.getByRole('button', { name: 'Delete “Edge weekdays”' }).click();
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an admin creates a webhook destination, copies its one-time secret, sends a test and reads the delivery log', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/destinations');
      await page.getByRole('button', { name: 'New destination' }).click();
      const form = page.getByRole('form', { name: 'New destination' });
      await form.getByLabel('Name').fill('On-call hook');
      await form.getByLabel('URL').fill(receiverUrl);
      await form.getByRole('button', { name: 'Create destination' }).click();
      const secret = (await page.getByTestId('destination-secret').innerText()).trim();
      assert.ok(secret.length >= 16, 'a generated secret is shown');
      await page.getByRole('button', { name: 'Copy secret' }).click();
      await page.getByRole('button', { name: /Copied/ }).waitFor();
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), secret);
      await screenshotWidths(page, 'destinations-secret');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      assert.equal(await page.getByTestId('destination-secret').count(), 0);
      const listed = JSON.stringify((await call(`${api.url}/api/v1/destinations`, { token: ADMIN })).body);
      assert.ok(!listed.includes(secret), 'the list never shows the secret again');

      const card = page.locator('article[data-destination="On-call hook"]');
      await card.getByRole('button', { name: 'Send test' }).click();
      await card.locator('tr[data-delivery="delivered"]').waitFor({ timeout: 60_000 });
      assert.ok(
        received.some((r) => typeof r.headers['x-memfleet-signature'] === 'string'),
        'the receiver got a signed request',
      );
      await screenshotWidths(page, 'destinations-log');

      await card.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('form', { name: 'Edit destination On-call hook' });
      await edit.getByLabel('Name').fill('On-call hook (edge)');
      await edit.getByRole('button', { name: 'Save destination' }).click();
      const renamed = page.locator('article[data-destination="On-call hook (edge)"]');
      await renamed.waitFor();
      await renamed.getByRole('button', { name: 'Delete' }).click();
      await renamed.getByRole('button', { name: 'Delete “On-call hook (edge)”' }).click();
      await renamed.waitFor({ state: 'detached' });
      await page.getByText('No destination yet').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the activity log lists admin actions newest first and filters by action through the URL', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
      await page.locator('tr[data-action="token.created"]').first().waitFor();
      const api1 = (await call(`${api.url}/api/v1/activity?limit=50`, { token: ADMIN })).body;
      assert.equal(Number(await page.getByTestId('activity-total').innerText()), api1.total);
      const shown = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => (r as { dataset: { action?: string } }).dataset.action));
      assert.deepEqual(
        shown,
        api1.items.map((e: { action: string }) => e.action),
        'the same entries in the same (newest first) order',
      );
      await screenshotWidths(page, 'activity');

      await page.goto('/activity?action=token.created');
      const rows = page.locator('tr[data-action]');
      await rows.first().waitFor();
      assert.deepEqual([...new Set(await rows.evaluateAll((r) => r.map((x) => (x as { dataset: { action?: string } }).dataset.action)))], ['token.created']);
      assert.equal(await page.getByLabel('Action').inputValue(), 'token.created');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    const { page: vp, context: vc } = await openSession(browser, api.url, viewer);
    try {
      await vp.goto('/activity');
      await vp.getByText('The activity log is for admins').waitFor();
      assert.equal(await vp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).count(), 0);
    } finally {
      await vc.close();
    }
  });
});
