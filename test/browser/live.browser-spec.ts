import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { envoyHost, ENVOY_RULE } from '../helpers/envoy-hosts';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { assertDashboardBuilt, launch, openSession, screenshot, screenshotWidths } from './harness';

const ADMIN = 'live-ui-admin-token-0123456789abcdef';
const SECRET = 'live-ui-enroll-secret-0123456789abcdef';
const REFRESH_KEY = 'memfleet.refreshSeconds';
const ZONE = 'Asia/Kolkata';
/** ICU may name the zone by its older canonical name. */
const ZONE_NAME = /Asia\/(Kolkata|Calcutta)/;

/** `2026-12-02 05:14 UTC`, or in Kolkata (UTC+5:30, no daylight saving) `2026-12-02 10:44 GMT+5:30`. */
function shown(iso: string, zone: 'utc' | 'kolkata'): string {
  const ms = new Date(iso).getTime() + (zone === 'kolkata' ? 330 * 60_000 : 0);
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} ${zone === 'kolkata' ? 'GMT+5:30' : 'UTC'}`;
}

describe('a live dashboard in Chromium (real API, worker, PostgreSQL and Redis)', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let worker: RunningProcess;
  let browser: Browser;
  let operator: string;
  let viewer: string;
  const hostIds: Record<string, string> = {};

  before(async () => {
    assertDashboardBuilt();
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      // The server's default interval, short for the test; a browser's own choice overrides it.
      MEMFLEET_DASHBOARD_REFRESH_SECONDS: '2',
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    const post = async (report: Report) => {
      const { hostId, agentToken } = await enroll(api.url, SECRET, report);
      const res = await postReport(api.url, agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      hostIds[report.configuration.host.hostname] = hostId;
      return agentToken;
    };
    await post(envoyHost('gw-a', 255, [{ name: 'edge', concurrency: null }]));
    await post(envoyHost('gw-b', 255, [{ name: 'edge', concurrency: null }]));
    await post(envoyHost('gw-pass', 64, [{ name: 'edge', concurrency: 16 }]));
    // A warning that escalates to critical on its next report.
    const first = envoyHost('gw-esc', 64, [{ name: 'edge', concurrency: 40 }]);
    const token = await post(first);
    const later = { ...envoyHost('gw-esc', 64, [{ name: 'edge', concurrency: 120 }]), identity: first.identity, sequence: 2 };
    assert.equal((await postReport(api.url, token, later, { wait: 30 })).status, 200);
    const mk = async (name: string, role: string) => (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name, role } })).body.token as string;
    operator = await mk('browser-operator', 'operator');
    viewer = await mk('browser-viewer', 'viewer');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  /** A signed-in page in a fresh browser profile: it refreshes at the server's default, every 2 s. */
  const open = (token: string, opts: { timezoneId?: string } = {}) => openSession(browser, api.url, token, opts);

  const updatedSeconds = async (page: Page) => {
    const m = /^Updated (\d+) s ago$/.exec((await page.getByTestId('updated-ago').innerText()).trim());
    assert.ok(m, `the status bar says when the data arrived: ${await page.getByTestId('updated-ago').innerText()}`);
    return Number(m[1]);
  };

  it('picks up a report posted while the page is open, without a reload, and pauses while an input holds an unsaved edit', async () => {
    const { page, context, errors } = await open(ADMIN);
    try {
      await page.goto('/hosts');
      await page.getByTestId('hosts-total').waitFor();
      assert.equal(await page.getByTestId('hosts-total').innerText(), '4');
      assert.equal(await page.locator('#pref-refresh').inputValue(), '2', "the server's default interval");
      assert.equal(await page.evaluate(`localStorage.getItem(${JSON.stringify(REFRESH_KEY)})`), null, 'nothing chosen in this browser yet');
      await page.evaluate('window.__sameDocument = true');
      const report = sampleReport({ hostname: 'late-joiner' });
      const { agentToken } = await enroll(api.url, SECRET, report);
      assert.equal((await postReport(api.url, agentToken, report, { wait: 30 })).status, 200);
      await page.getByRole('link', { name: 'late-joiner' }).waitFor({ timeout: 10_000 });
      assert.equal(await page.getByTestId('hosts-total').innerText(), '5', 'the count moved with the list');
      assert.equal(await page.evaluate('window.__sameDocument'), true, 'no reload');
      assert.ok((await updatedSeconds(page)) <= 3, 'just updated');
      await screenshot(page, 'live-hosts-refreshed');

      // Refresh off: "updated … ago" keeps ticking, and the choice outlives a reload.
      await page.locator('#pref-refresh').selectOption('0');
      const a = await updatedSeconds(page);
      await page.waitForTimeout(2200);
      assert.ok((await updatedSeconds(page)) >= a + 2, 'the age ticks while nothing refreshes');
      await page.reload();
      assert.equal(await page.locator('#pref-refresh').inputValue(), '0', "remembered in localStorage, over the server's default");
      await page.locator('#pref-refresh').selectOption('10');

      // Typing a filter without applying it holds the refresh.
      await page.goto('/findings');
      await page.locator('#f-label').pressSequentially('env=pr');
      await page.getByTestId('refresh-paused').waitFor({ timeout: 5000 });
      assert.match(await page.getByTestId('refresh-paused').innerText(), /you are editing/);
      await screenshot(page, 'live-refresh-paused');
      await page.locator('#f-label').blur();
      await page.getByTestId('refresh-paused').waitFor({ state: 'detached', timeout: 5000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('acknowledges a rule fleet-wide and every count and list on the page follows at once', async () => {
    const { page, context, errors } = await open(operator);
    try {
      await page.goto(`/rules/${ENVOY_RULE}`);
      const total = page.getByTestId('affected-total');
      await total.waitFor();
      assert.match(await total.innerText(), /^3 active hits,/, 'three critical hits; the passing gateway is no hit');
      await page.evaluate('window.__sameDocument = true');
      // Off: what changes below is the action's doing, not a tick.
      await page.locator('#pref-refresh').selectOption('0');

      await page.getByRole('button', { name: 'Acknowledge across the fleet…' }).click();
      await page.getByLabel('Reason').fill('gateways resized on Friday');
      await screenshot(page, 'live-ack-form');
      await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();

      await page.getByText('0 active hits (+3 silenced)').waitFor();
      const row = page.locator('section[aria-label="Acknowledgements"] tbody tr');
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('td.num').innerText(), '3', 'covers the three hits, not the pass');
      await page.getByText('3 silenced hits not counted').waitFor();
      assert.equal(await page.locator('[data-silence]').count(), 3, 'each affected hit says who silenced it');
      assert.match(await page.locator('[data-silence]').first().innerText(), /Silenced by browser-operator until .* UTC: “?gateways resized on Friday/);
      assert.equal(await page.evaluate('window.__sameDocument'), true, 'no reload');
      await screenshot(page, 'live-rule-acknowledged');

      await page.getByRole('link', { name: 'Overview' }).click();
      const active = page.getByTestId('active-findings');
      await active.waitFor();
      assert.match(await active.innerText(), /\d+ critical \(\+3 silenced\)/);
      const summary = (await call(`${api.url}/api/v1/stats/summary`, { token: ADMIN })).body;
      assert.match(await active.innerText(), new RegExp(`^Active findings: ${summary.findings.critical} critical \\(\\+3 silenced\\)`));
      await page.getByText('escalated to critical (1)').waitFor();
      // A distribution bar opens the host list filtered by it.
      await page.getByRole('table', { name: 'Online CPU cores' }).getByRole('link', { name: '255 cores' }).click();
      await page.getByTestId('fact-filters').waitFor();
      assert.equal(await page.getByTestId('hosts-total').innerText(), '2');
      await page.goBack();
      await page.getByTestId('active-findings').waitFor();
      await screenshotWidths(page, 'live-overview');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows a silenced finding with its reason, author and expiry; a viewer sees no Revoke, an operator revokes', async () => {
    const host = hostIds['gw-a'];
    const asViewer = await open(viewer);
    try {
      await asViewer.page.goto(`/hosts/${host}`);
      const note = asViewer.page.locator(`article[data-rule="${ENVOY_RULE}"] [data-silence]`);
      await note.waitFor();
      assert.match(await note.innerText(), /Silenced by browser-operator until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      assert.equal(await note.getByRole('button', { name: 'Revoke' }).count(), 0, 'viewers cannot revoke');
      await screenshot(asViewer.page, 'live-host-silenced-viewer');
    } finally {
      await asViewer.context.close();
    }

    const { page, context, errors } = await open(operator);
    try {
      await page.goto(`/hosts/${host}`);
      const card = page.locator(`article[data-rule="${ENVOY_RULE}"]`);
      await card.locator('[data-silence]').getByRole('button', { name: 'Revoke' }).click();
      await card.locator('[data-silence]').waitFor({ state: 'detached' });
      await card.getByRole('button', { name: 'Acknowledge…' }).waitFor();
      assert.equal(await card.locator('.badge.silenced').count(), 0);
      await screenshot(page, 'live-host-revoked');
      assert.deepEqual((await call(`${api.url}/api/v1/silences?ruleId=${ENVOY_RULE}`, { token: ADMIN })).body, [], 'the silence ended');
      assert.deepEqual((await call(`${api.url}/api/v1/stats/summary`, { token: ADMIN })).body.silenced, { critical: 0, warning: 0, info: 0 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it("switches every time to the browser's zone on request, remembers it, and the expiry picker reads in it too", async () => {
    const { page, context, errors } = await open(ADMIN, { timezoneId: ZONE });
    try {
      await page.goto(`/findings?rule=${ENVOY_RULE}`);
      const row = page.locator('tr[data-finding]').first();
      await row.waitFor();
      const id = (await row.getAttribute('data-finding'))!;
      const finding = (await call(`${api.url}/api/v1/findings?rule=${ENVOY_RULE}&limit=100`, { token: ADMIN })).body.items.find(
        (f: { id: string }) => f.id === id,
      );
      const opened = () => row.locator('td[data-label="opened"]').getAttribute('title');
      assert.equal(await opened(), shown(finding.openedAt, 'utc'), 'UTC by default');

      await page.locator('#pref-zone').selectOption('browser');
      assert.equal(await opened(), shown(finding.openedAt, 'kolkata'));
      assert.match(await page.locator('#pref-zone option:checked').innerText(), ZONE_NAME, 'the bar names the zone');
      await screenshot(page, 'live-findings-browser-zone');
      await page.reload();
      await row.waitFor();
      assert.equal(await page.locator('#pref-zone').inputValue(), 'browser', 'remembered');
      assert.equal(await opened(), shown(finding.openedAt, 'kolkata'));

      await page.goto(`/rules/${ENVOY_RULE}`);
      await page.getByRole('button', { name: 'Acknowledge across the fleet…' }).click();
      assert.match(await page.getByTestId('ack-zone').innerText(), ZONE_NAME, 'the picker says its zone');
      await page.getByLabel('Reason').fill('change freeze over new year');
      await page.getByLabel(/^Expires at, YYYY-MM-DD HH:mm Asia\//).fill('2030-01-01 10:00');
      await screenshot(page, 'live-ack-picker-zone');
      await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await page.getByRole('cell', { name: '2030-01-01 10:00 GMT+5:30', exact: true }).waitFor();
      const [silence] = (await call(`${api.url}/api/v1/silences?ruleId=${ENVOY_RULE}`, { token: ADMIN })).body;
      assert.equal(silence.expiresAt, '2030-01-01T04:30:00.000Z', '10:00 in Kolkata is 04:30 UTC');

      await page.locator('#pref-zone').selectOption('utc');
      await page.getByRole('cell', { name: '2030-01-01 04:30 UTC', exact: true }).waitFor();
      assert.match(await page.locator('[data-silence]').first().innerText(), /until 2030-01-01 04:30 UTC/, 'the silenced hits follow the zone too');
      await screenshot(page, 'live-rule-utc');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
