import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { sampleReport, withProcess, type RuntimeKind } from '@memfleet/contracts';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, launch, openSession, screenshotWidths } from './harness';

const ADMIN = 'hosts-search-ui-admin-token-0123456789';
const SECRET = 'hosts-search-ui-enroll-secret-0123456789';

// [hostname, GiB, runtime kind, version, exe]; the Higress gateways' names say nothing of envoy.
const FLEET: [string, number, RuntimeKind, string, string][] = [
  ['gw-higress-1', 8, 'envoy', '1.33.2', '/usr/local/bin/envoy'],
  ['gw-higress-2', 32, 'envoy', '1.34.1', '/usr/local/bin/envoy'],
  ['cache-a', 64, 'redis', '7.2.4', '/usr/bin/redis-server'],
  ['batch-1', 4, 'jvm', '17.0.9', '/usr/lib/jvm/bin/java'],
];

const rowNames = (page: Page) => page.locator('table.hosts tbody tr td:first-child a').allTextContents();

/** Waits until the table's host names are `expected` (polled from here: the page's CSP refuses evaluated predicates). */
async function rowsBecome(page: Page, expected: string[]): Promise<void> {
  const until = Date.now() + 15_000;
  let names: string[] = [];
  while (Date.now() < until) {
    names = await rowNames(page);
    if (JSON.stringify(names) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(names, expected);
}

describe('hosts search, sorting and the inventory page (Chromium)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-hosts-search-ui-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (const [name, gib, kind, version, exe] of FLEET) {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: name });
      report.labels = { env: 'prod', team: kind === 'envoy' ? 'edge' : 'core', region: 'eu-west-1' };
      report.configuration.memory.memTotalBytes = gib * 2 ** 30;
      withProcess(report, { subject: `${kind}:${exe}`, exe, runtimes: [{ kind, version, versionSource: 'binary' }] });
      const { agentToken } = await enroll(api.url, SECRET, report, report.labels);
      assert.equal((await postReport(api.url, agentToken, report, { wait: 30 })).status, 200);
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('searches by runtime and version, keeps the search in the URL, and shows a malformed term’s reason by the box', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/hosts');
      await rowsBecome(page, ['batch-1', 'cache-a', 'gw-higress-1', 'gw-higress-2']);
      await page.getByLabel('Search', { exact: true }).fill('runtime:envoy version:<1.34');
      await rowsBecome(page, ['gw-higress-1']);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'runtime:envoy version:<1.34');
      await page.getByLabel('Search', { exact: true }).fill('envoy');
      await rowsBecome(page, ['gw-higress-1', 'gw-higress-2']);
      await screenshotWidths(page, 'hosts-search-envoy');

      await page.getByLabel('Search', { exact: true }).fill('envoy version:<abc');
      const problem = page.getByRole('alert');
      await problem.waitFor();
      assert.match((await problem.textContent())!, /term "version:<abc": "abc" is not a version/);
      assert.equal(await page.getByLabel('Search', { exact: true }).getAttribute('aria-invalid'), 'true');
      await screenshotWidths(page, 'hosts-search-malformed');

      await page.reload();
      assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), 'envoy version:<abc', 'the URL keeps the search');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('sorts by memory from the column header (aria-sort, URL), and host rows stay one line', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/hosts');
      await rowsBecome(page, ['batch-1', 'cache-a', 'gw-higress-1', 'gw-higress-2']);
      const memory = page.getByRole('columnheader', { name: /Memory/ });
      assert.equal(await memory.getAttribute('aria-sort'), 'none');
      await memory.getByRole('button').click();
      await rowsBecome(page, ['cache-a', 'gw-higress-2', 'gw-higress-1', 'batch-1']);
      assert.equal(await memory.getAttribute('aria-sort'), 'descending');
      assert.equal(new URL(page.url()).searchParams.get('sort'), '-memTotalBytes');
      await memory.getByRole('button').click();
      await rowsBecome(page, ['batch-1', 'gw-higress-1', 'gw-higress-2', 'cache-a']);
      assert.equal(await memory.getAttribute('aria-sort'), 'ascending');
      assert.deepEqual(await rowNames(page), ['batch-1', 'gw-higress-1', 'gw-higress-2', 'cache-a']);

      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        const heights: number[] = [];
        for (const row of await page.locator('table.hosts tbody tr').all()) heights.push((await row.boundingBox())!.height);
        // One line of the name cell: its link's box.
        const line = (await page.locator('table.hosts tbody tr td:first-child a').first().boundingBox())!.height;
        for (const h of heights) assert.ok(h < 2 * line + 16, `a row ${h}px high at ${width}px wraps (line ${line}px)`);
      }
      await screenshotWidths(page, 'hosts-sorted-by-memory');
    } finally {
      await context.close();
    }
  });

  it('lists runtimes by kind and version with host counts; a row opens the hosts running that version', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/');
      await page.getByRole('link', { name: 'Inventory' }).click();
      await page.getByRole('heading', { name: 'Inventory' }).waitFor();
      await page.getByTestId('inventory-total').waitFor();
      assert.equal(await page.getByTestId('inventory-total').textContent(), '4');
      await page
        .getByRole('columnheader', { name: /Runtime/ })
        .getByRole('button')
        .click();
      await page.waitForURL(/sort=kind/);
      await page.locator('table.inventory tbody tr:first-child td', { hasText: /^envoy$/ }).waitFor();
      const rows: string[] = [];
      for (const tr of await page.locator('table.inventory tbody tr').all()) rows.push((await tr.locator('td').allTextContents()).slice(0, 3).join(' '));
      assert.deepEqual(rows, ['envoy 1.33.2 1', 'envoy 1.34.1 1', 'jvm 17.0.9 1', 'redis 7.2.4 1']);
      await screenshotWidths(page, 'inventory-page');

      await page.getByRole('link', { name: 'Hosts running envoy 1.34.1' }).click();
      await rowsBecome(page, ['gw-higress-2']);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'runtime:envoy version:=1.34.1');
      assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), 'runtime:envoy version:=1.34.1');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
