import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { until } from '../helpers/until';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, csvRows, download, launch, openSession, screenshot, screenshotWidths, TOKEN_KEY } from './harness';

const ADMIN = 'browser-admin-token-0123456789';
const SECRET = 'browser-enroll-secret-0123456789';
const HOSTS = 20;
// generateReport(11): Spin with Wasmtime pooling on a small host — a critical hit with remediation commands.
const TARGET = 'node-000011.gru.example.net';
const TARGET_RULE = 'wasmtime-pooling-unsupported-host';
const STALE_HOST = 'node-000020.fra.example.net';

describe('dashboard in Chromium against the real API', { timeout: 240_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let operator: string;
  let viewer: string;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-browser-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (let i = 0; i <= HOSTS; i++) {
      const report = generateReport(i);
      // One host reports every second and then stops: stale after two intervals.
      if (i === HOSTS) report.intervalSeconds = 1;
      const { agentToken } = await enroll(api.url, SECRET, report, report.labels);
      const res = await postReport(api.url, agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const mk = async (role: string) => {
      const res = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: `browser-${role}`, role } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.token as string;
    };
    operator = await mk('operator');
    viewer = await mk('viewer');
    browser = await launch();
    // Let the 1-second host go stale.
    await new Promise((r) => setTimeout(r, 2500));
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with an API token (a session cookie), and refuses a wrong one with the API detail', async () => {
    const { page, context, errors } = await openSession(browser, api.url);
    try {
      await page.goto('/');
      await page.getByLabel('API token').fill('not-a-valid-token-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /\S/, 'the refusal is explained');
      await screenshot(page, 'sign-in-refused');

      await page.getByLabel('API token').fill(ADMIN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
      // Signed in by a session cookie (every tab shares it), not the token kept in this tab.
      assert.equal(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(TOKEN_KEY)})`), null);
      assert.ok((await context.cookies()).some((c) => c.name === 'memfleet_session' && c.httpOnly));
      assert.match(await page.locator('.who').innerText(), /admin/i);
      await screenshot(page, 'signed-in');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('overview shows the same numbers as the API', async () => {
    const summary = (await call(`${api.url}/api/v1/stats/summary`, { token: ADMIN })).body;
    assert.ok(summary.hostsWithCritical >= 2 && summary.hosts.stale === 1, `seeded fleet as expected: ${JSON.stringify(summary)}`);
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Top rules by hosts affected' }).waitFor();
      await page.getByText('Fleet distributions').waitFor();
      await page.locator('figure.chart').first().waitFor();
      const stat = async (label: string) => Number((await page.locator(`[data-stat="${label}"] .stat-value`).innerText()).replace(/,/g, ''));
      assert.equal(await stat('Hosts'), summary.hosts.total);
      assert.equal(await stat('Reporting'), summary.hosts.reporting);
      assert.equal(await stat('Stale'), summary.hosts.stale);
      assert.equal(await stat('Hosts with critical'), summary.hostsWithCritical);
      assert.equal(await stat('Hosts with warning'), summary.hostsWithWarning);
      for (const r of summary.topRules) await page.getByRole('link', { name: r.title }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'overview');

      // A top rule links to its rule page.
      await page.getByRole('link', { name: summary.topRules[0].title }).click();
      await page.getByRole('heading', { name: summary.topRules[0].title, level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/rules/${summary.topRules[0].ruleId}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('searches a host, opens it, and shows a finding with its remediation and a working copy button', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/hosts');
      await page.getByTestId('hosts-total').waitFor();
      // Stale hosts are marked in the table.
      const staleRow = page.locator('tr', { has: page.getByRole('link', { name: STALE_HOST }) });
      assert.match(await staleRow.innerText(), /stale/i);
      const freshRow = page.locator('tr', { has: page.getByRole('link', { name: TARGET }) });
      assert.doesNotMatch(await freshRow.innerText(), /stale/i);
      await screenshot(page, 'hosts');

      await page.getByLabel('Search', { exact: true }).fill('node-000011');
      await page.waitForURL(/q=node-000011/);
      await page.getByTestId('hosts-total').filter({ hasText: /^1$/ }).waitFor();
      await page.getByRole('link', { name: TARGET }).waitFor();
      await screenshot(page, 'hosts-search');

      // Server-side pages: Next follows the cursor, Previous pops back to the page before.
      await page.goto('/hosts?limit=10&sort=hostname');
      await page.getByRole('link', { name: 'node-000000.fra.example.net' }).waitFor();
      await page.getByRole('button', { name: 'Next →' }).click();
      await page.getByRole('link', { name: 'node-000010.sin.example.net' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'node-000000.fra.example.net' }).count(), 0);
      await page.getByRole('button', { name: '← Previous' }).click();
      await page.getByRole('link', { name: 'node-000000.fra.example.net' }).waitFor();
      assert.ok(await page.getByRole('button', { name: '← Previous' }).isDisabled());

      await page.goto('/hosts?q=node-000011');
      await page.getByTestId('hosts-total').filter({ hasText: /^1$/ }).waitFor();
      // The filter lives in the URL: reloading keeps it.
      await page.reload();
      await page.getByTestId('hosts-total').filter({ hasText: /^1$/ }).waitFor();
      assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), 'node-000011');

      await page.getByRole('link', { name: TARGET }).click();
      await page.getByRole('heading', { name: TARGET, level: 1 }).waitFor();
      const finding = page.locator(`article.finding[data-rule="${TARGET_RULE}"]`).filter({ hasText: 'critical' }).first();
      await finding.waitFor();
      assert.match(await finding.innerText(), /critical/);
      assert.match(await finding.innerText(), /Remediation:/);
      // The first complete command (a template's button says "Copy template"), and the command beside its button.
      const row = finding
        .locator('.cmd-row')
        .filter({ has: page.getByRole('button', { name: /^Copy command/ }) })
        .first();
      const copy = row.getByRole('button', { name: /^Copy command/ });
      const command = await row.locator('pre.cmd').innerText();
      await copy.click();
      await finding
        .getByRole('button', { name: /Copied/ })
        .first()
        .waitFor();
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), command);
      await screenshot(page, 'host-detail');

      await page.getByRole('tab', { name: 'Facts' }).click();
      await page.getByRole('heading', { name: 'Memory and commit headroom' }).waitFor();
      await screenshot(page, 'host-facts');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an operator acknowledges a finding and the totals drop', async () => {
    const before = (await call(`${api.url}/api/v1/stats/summary`, { token: ADMIN })).body;
    const hostId = (await call(`${api.url}/api/v1/hosts?q=node-000011`, { token: ADMIN })).body.items[0].id as string;
    const { page, context, errors } = await openSession(browser, api.url, operator);
    try {
      await page.goto(`/hosts/${hostId}`);
      const finding = page.locator(`article.finding[data-rule="${TARGET_RULE}"]`).first();
      await finding.getByRole('button', { name: 'Acknowledge…' }).click();
      await finding.getByLabel('Reason').fill('Spin upgrade to 3.x scheduled, OPS-1234');
      await finding.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await finding.getByText('acknowledged').first().waitFor();
      await screenshot(page, 'acknowledged');

      const after = (await call(`${api.url}/api/v1/stats/summary`, { token: ADMIN })).body;
      assert.equal(after.hostsWithCritical, before.hostsWithCritical - 1, 'the silenced host leaves the critical total');
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.locator('[data-stat="Hosts with critical"] .stat-value').waitFor();
      assert.equal(Number(await page.locator('[data-stat="Hosts with critical"] .stat-value').innerText()), after.hostsWithCritical);
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'overview-after-ack');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a viewer sees findings but cannot acknowledge or change thresholds', async () => {
    const hostId = (await call(`${api.url}/api/v1/hosts?q=node-000000`, { token: ADMIN })).body.items[0].id as string;
    const { page, context, errors } = await openSession(browser, api.url, viewer);
    try {
      await page.goto(`/hosts/${hostId}`);
      await page.locator('article.finding').first().waitFor();
      assert.match(await page.locator('.who').innerText(), /viewer/i);
      assert.equal(await page.getByRole('button', { name: /Acknowledge/ }).count(), 0);
      await screenshot(page, 'viewer-host');

      await page.goto('/rules/allocator-fragmentation');
      await page.getByRole('heading', { name: 'Thresholds' }).waitFor();
      await page.getByRole('heading', { name: 'Acknowledgements (active silences)' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /Acknowledge|Preview|Save|Revoke/ }).count(), 0);
      assert.equal(await page.locator('input[type=number]').count(), 0);
      await screenshot(page, 'viewer-rule');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an admin previews then saves thresholds and watches the re-evaluation finish', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/rules/allocator-fragmentation');
      // The page's "hosts affected" counts, as the header shows them (SeverityCount's labels).
      const shown = async () => {
        const header = page.locator('section > div.small.muted').first();
        const n = async (s: string) => Number((await header.getByLabel(new RegExp(`^\\d+ ${s}$`)).getAttribute('aria-label'))?.split(' ')[0]);
        return { critical: await n('critical'), warning: await n('warning'), info: await n('info') };
      };
      await page
        .getByLabel(/^\d+ warning$/)
        .first()
        .waitFor();
      const before = await shown();
      // A reload would clear this: the counts below must change in place.
      await page.evaluate('window.memfleetNoReload = true');
      const save = page.getByRole('button', { name: 'Save thresholds' });
      await page.getByLabel('warningRatio').fill('1.2');
      assert.ok(await save.isDisabled(), 'saving needs a preview first');
      await page.getByRole('button', { name: 'Preview effect' }).click();
      const preview = await page.getByText(/With these values, of \d+ hosts evaluated/).innerText();
      assert.doesNotMatch(preview, /0 would get a new hit, 0 would lose theirs, 0 would change severity/, 'the seed must be one these values change');
      await save.click();
      await page.getByText(/finished/).waitFor({ timeout: 60_000 });
      const rule = (await call(`${api.url}/api/v1/rules/allocator-fragmentation`, { token: ADMIN })).body;
      assert.equal(rule.thresholds.find((t: { name: string }) => t.name === 'warningRatio').value, 1.2);
      assert.notDeepEqual(rule.hostsAffected, before, 'the new values moved the counts');
      // Every hit was judged again under the new values: none still quotes the old warning line.
      const hits = (await call(`${api.url}/api/v1/findings?rule=allocator-fragmentation&outcome=hit&limit=100`, { token: ADMIN })).body.items;
      assert.deepEqual(
        hits.filter((f: { summary: string }) => f.summary.includes('(≥ 1.5)')).map((f: { summary: string; hostname?: string }) => f.summary),
        [],
      );
      // The header follows the re-evaluation without a reload.
      await until('the header to show the new counts', async () => JSON.stringify(await shown()) === JSON.stringify(rule.hostsAffected), 15_000);
      assert.equal(await page.evaluate('window.memfleetNoReload'), true, 'the page was not reloaded');
      await screenshot(page, 'thresholds-saved');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the Findings page lists the seeded hits, filters by severity through the URL, groups and pages', async () => {
    const all = (await call(`${api.url}/api/v1/findings?limit=500`, { token: ADMIN })).body;
    const critical = (await call(`${api.url}/api/v1/findings?severity=critical&limit=500`, { token: ADMIN })).body;
    assert.ok(
      all.total > 10 && critical.total >= 1 && critical.total < all.total,
      `seeded findings as expected: ${all.total} hits, ${critical.total} critical`,
    );
    const { page, context, errors } = await openSession(browser, api.url, viewer);
    try {
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
      await page
        .getByTestId('findings-total')
        .filter({ hasText: String(all.total) })
        .waitFor();
      const target = page.locator('table.findings tr', { has: page.getByRole('link', { name: TARGET }) }).filter({ hasText: TARGET_RULE });
      await target.first().waitFor();
      assert.match(await target.first().innerText(), /critical/);
      // A viewer sees findings but not the admin pages.
      assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Destinations' }).count(), 0);
      await screenshotWidths(page, 'findings');

      // The filter is the URL: opening it filters, changing the select rewrites it.
      await page.goto('/findings?severity=critical');
      await page
        .getByTestId('findings-total')
        .filter({ hasText: new RegExp(`^${critical.total}$`) })
        .waitFor();
      assert.equal(await page.getByLabel('Severity').inputValue(), 'critical');
      const severities = await page.locator('table.findings tbody tr td:first-child').allInnerTexts();
      assert.equal(severities.length, Math.min(50, critical.total));
      assert.ok(
        severities.every((t) => /critical/.test(t)),
        severities.join(' | '),
      );
      const exportHref = await page.getByTestId('findings-export').getAttribute('href');
      assert.equal(exportHref, '/api/v1/findings/export?format=csv&severity=critical', 'the export carries the same filters');
      await screenshotWidths(page, 'findings-critical');
      await page.getByLabel('Severity').selectOption('warning');
      await page.waitForURL(/severity=warning/);
      const warning = (await call(`${api.url}/api/v1/findings?severity=warning&limit=1`, { token: ADMIN })).body.total as number;
      await page
        .getByTestId('findings-total')
        .filter({ hasText: new RegExp(`^${warning}$`) })
        .waitFor();

      // Grouping by rule: one heading per rule on the page, labelled as a view of this page.
      await page.goto('/findings?group=rule');
      await page.getByText('grouped by rule within this page').waitFor();
      const sections = page.locator('section.finding-group');
      const groups: (string | null)[] = [];
      for (let i = 0; i < (await sections.count()); i++) groups.push(await sections.nth(i).getAttribute('data-group'));
      const rulesOnPage = [...new Set((all.items as { ruleId: string }[]).slice(0, 50).map((f) => f.ruleId))];
      assert.deepEqual([...groups].sort(), [...rulesOnPage].sort());
      await screenshotWidths(page, 'findings-by-rule');

      // Cursor pages: Next shows other findings, Previous comes back.
      await page.goto('/findings?limit=10');
      await page.getByText(`page 1 of ${Math.ceil(all.total / 10)}`).waitFor();
      const firstRow = page.locator('table.findings tbody tr').first();
      const first = await firstRow.getAttribute('data-finding');
      await page.getByRole('button', { name: 'Next →' }).click();
      await page.getByText(`page 2 of ${Math.ceil(all.total / 10)}`).waitFor();
      // The second page has loaded once the first page's first finding is gone.
      await page.locator(`table.findings tr[data-finding="${first}"]`).waitFor({ state: 'detached' });
      assert.equal(await page.locator('table.findings tbody tr').count(), 10);
      await page.getByRole('button', { name: '← Previous' }).click();
      await page.locator(`table.findings tr[data-finding="${first}"]`).waitFor();
      assert.equal(await firstRow.getAttribute('data-finding'), first);
      assert.ok(await page.getByRole('button', { name: '← Previous' }).isDisabled());
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the Findings page exports CSV with the filters it shows', async () => {
    const critical = (await call(`${api.url}/api/v1/findings?severity=critical&limit=1`, { token: ADMIN })).body.total as number;
    assert.ok(critical > 0, 'the seed has critical findings');
    const silenced = (await call(`${api.url}/api/v1/findings?severity=critical&silenced=true&limit=1`, { token: ADMIN })).body.total as number;
    assert.ok(silenced > 0, 'one was acknowledged above: the export includes it, flagged');
    const { page, context, errors, cspViolations } = await openSession(browser, api.url, viewer);
    try {
      await page.goto('/findings?severity=critical');
      await page
        .getByTestId('findings-total')
        .filter({ hasText: new RegExp(`^${critical}$`) })
        .waitFor();
      const csv = await download(page, () => page.getByTestId('findings-export').click());
      const rows = csvRows(csv.body.toString()).filter((r) => r.some(Boolean));
      const severity = rows[0].indexOf('severity');
      assert.ok(severity >= 0, `CSV header: ${rows[0].join(',')}`);
      assert.equal(rows.length - 1, critical, 'one row per finding the page counts');
      assert.ok(rows.slice(1).every((r) => r[severity] === 'critical'));
      const flag = rows[0].indexOf('silenced');
      assert.equal(rows.slice(1).filter((r) => r[flag] === 'true').length, silenced);
      assert.match(csv.name, /^memfleet-findings-.*\.csv$/, 'the server names the file');
      await page
        .getByRole('status')
        .filter({ hasText: /^Downloaded / })
        .waitFor();
      assert.deepEqual(cspViolations, [], 'the blob download passes the Content-Security-Policy');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows the problem detail when the API refuses a request', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/hosts/not-a-host-id');
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /must be a UUID/);
      await screenshot(page, 'error-state');
    } finally {
      await context.close();
    }
  });

  it('an unknown token in the session goes back to sign-in, then shows the page asked for', async () => {
    const { page, context } = await openSession(browser, api.url, 'revoked-or-unknown-token-000');
    try {
      await page.goto('/audits');
      await page.getByLabel('API token').waitFor();
      assert.equal(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(TOKEN_KEY)})`), null);
      await page.getByLabel('API token').fill(ADMIN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/audits', 'signing in stays on the page asked for');
    } finally {
      await context.close();
    }
  });
});

describe('dashboard on an empty fleet', { timeout: 120_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-browser-empty-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a new user how to enroll the first host, with this server as --server', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      for (const [route, name] of [
        ['/', 'empty-overview'],
        ['/hosts', 'empty-hosts'],
      ]) {
        await page.goto(route);
        await page.getByText('No hosts are reporting yet').waitFor();
        const text = await page.locator('pre.cmd').innerText();
        assert.ok(text.includes(`memfleet-agent enroll --server ${api.url} --enroll-secret`), text);
        assert.ok(text.includes('memfleet-agent run --interval 5m'), text);
        await screenshot(page, name);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
