import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, launch, openSession, screenshotWidths } from './harness';

const ADMIN = 'trace-lab-admin-token-0123456789';
const SECRET = 'trace-lab-enroll-secret-0123456789';
const MiB = 1024 ** 2;
const SKYNET = 'skynet:/opt/game/skynet|/opt/game/config.lua';

/** A Lua-like trace: 8 VMs, tables doubling 512 → 1,024 → 2,048 B, short-lived strings, some never freed. */
function luaTrace(): string {
  const lines = ["# recorded by the game server's allocator hook"];
  let id = 0;
  for (let vm = 1; vm <= 8; vm++) {
    for (let t = 0; t < 200; t++) {
      const table = ++id;
      lines.push(`a ${vm} ${table} 512`, `r ${vm} ${table} 512 1024`, `r ${vm} ${table} 1024 2048`);
      const s = ++id;
      lines.push(`a ${vm} ${s} ${24 + (t % 40)}`, `f ${vm} ${s} ${24 + (t % 40)}`);
      if (t % 3) lines.push(`f ${vm} ${table} 2048`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('the trace lab in Chromium against the real API: from a finding to a replayed trace', { timeout: 240_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let hostId: string;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-trace-lab-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    const report = withProcess(
      sampleReport({ machineId: 'c'.repeat(32), hostname: 'game-7.example.net' }),
      { subject: SKYNET, exe: '/opt/game/skynet', runtimes: [{ kind: 'skynet', version: '1.7.0' }] },
      { rssBytes: 1200 * MiB, allocatorStats: { residentBytes: 1200 * MiB, allocatedBytes: 480 * MiB, source: 'declared', allocatorName: null } },
    );
    const enrolled = await enroll(api.url, SECRET, report);
    hostId = enrolled.hostId;
    const res = await postReport(api.url, enrolled.agentToken, report, { wait: 30 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok((res.body.findings as { ruleId: string; outcome: string }[]).some((f) => f.ruleId === 'allocator-fragmentation' && f.outcome === 'hit'));
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the fragmentation finding links to the lab; an upload there is replayed and compared with the measured ratio', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}`);
      await page
        .getByRole('link', { name: /Replay this process’s trace in the trace lab/ })
        .first()
        .click();
      await page.getByRole('heading', { name: 'Trace lab' }).waitFor();
      const url = new URL(page.url());
      assert.equal(url.pathname, '/traces');
      assert.equal(url.searchParams.get('hostId'), hostId);
      assert.equal(url.searchParams.get('subject'), SKYNET);
      await page.getByText('No trace of this process yet').waitFor();
      await screenshotWidths(page, 'trace-lab-empty');

      await page.getByLabel('Trace file').setInputFiles({ name: 'game-7-vm.trace', mimeType: 'text/plain', buffer: Buffer.from(luaTrace()) });
      await page.getByRole('button', { name: 'Upload and analyse' }).click();
      await page.getByRole('heading', { name: 'game-7-vm.trace' }).waitFor();
      const models = page.locator('table.models tbody tr');
      await models.first().waitFor({ timeout: 60_000 });
      assert.equal(await models.count(), 6);
      const rows = await models.allInnerTexts();
      assert.ok(
        rows.some((r) => /Buddy, 8-byte header\s+shared/.test(r)),
        rows.join('\n'),
      );
      // The finding measured 1,200 / 480 MiB = 2.50.
      assert.match(await page.locator('.measured-ratio').innerText(), /resident \/ allocated = 2\.50×/);
      // Table doubling shows in the histogram as its own buckets.
      const histogram = await page.locator('figure', { hasText: 'Requests by size' }).innerText();
      for (const size of ['512 B', '1 KiB', '2 KiB']) assert.ok(histogram.includes(size), `histogram shows ${size}: ${histogram}`);
      await page.locator('figure.line-chart svg').waitFor();
      await screenshotWidths(page, 'trace-lab-trace');

      await page.getByRole('link', { name: 'Trace lab' }).first().click();
      await page.locator('tr[data-trace]').first().waitFor();
      assert.match(await page.locator('tr[data-trace]').first().innerText(), /game-7-vm\.trace[\s\S]*done[\s\S]*game-7\.example\.net/);
      await screenshotWidths(page, 'trace-lab-list');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a malformed upload says which line is wrong and stays on the page', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/traces');
      await page.getByLabel('Trace file').setInputFiles({ name: 'bad.trace', mimeType: 'text/plain', buffer: Buffer.from('a 1 1 64\nq 1 2 3\n') });
      await page.getByRole('button', { name: 'Upload and analyse' }).click();
      assert.match(await page.getByRole('alert').innerText(), /line 2: /);
      assert.equal(new URL(page.url()).pathname, '/traces');
    } finally {
      await context.close();
    }
  });
});
