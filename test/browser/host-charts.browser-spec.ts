import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, UNLIMITED_RATES, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';
import { assertDashboardBuilt, launch, openSession, screenshot, screenshotWidths } from './harness';

const ADMIN = 'charts-admin-token-0123456789';
const SECRET = 'charts-enroll-secret-0123456789';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const HOUR = 3_600_000;
const APP = 'java:/opt/app/server';
const AERON = 'aeron:/opt/aeron/driver';
/** The host booted a day ago (the same in every report: a boot time that moved would change the configuration). */
const BOOT = Math.floor(Date.now() / 1000) - 86_400;

/**
 * One host: two reports days ago (MemAvailable 1 GiB), then one every 30 minutes over the last 5 hours
 * (MemAvailable 12 GiB) in which the app's RSS grows steadily, and THP changes from madvise to always at
 * report #5 (the only configuration change). CPUs 4–7 came online 80 000 s after boot, between the
 * starts of two processes.
 */
function reportOf(sequence: number, at: number, hoursOfGrowth: number): Report {
  const r = sampleReport({ machineId: 'c4a27500c4a27500c4a27500c4a27500', hostname: 'charted-web-01' });
  r.sequence = sequence;
  r.collectedAt = new Date(at).toISOString();
  r.intervalSeconds = 1800;
  r.configuration.host.bootTimeEpochSeconds = BOOT;
  r.configuration.thp.enabled = sequence >= 5 ? 'always' : 'madvise';
  r.configuration.mounts.push({ mountPoint: '/run', fsType: 'tmpfs', sizeOption: '10%' });
  r.configuration.mounts[0].sizeOption = '4g';
  r.metrics.memAvailableBytes = sequence <= 2 ? GiB : 12 * GiB - sequence * 64 * MiB;
  r.metrics.filesystems.push({
    mountPoint: '/run',
    blockSizeBytes: 4096,
    totalBytes: 1600 * MiB,
    freeBytes: 1500 * MiB,
    availableBytes: 1500 * MiB,
    inodesTotal: 100_000,
    inodesFree: 99_000,
  });
  r.metrics.cpuHotplug = {
    events: [4, 5, 6, 7].map((cpu, i) => ({
      cpu,
      action: 'online' as const,
      atSecondsSinceBoot: 80_000 + i * 5,
      bootId: r.configuration.host.bootId!,
      source: 'kmsg' as const,
    })),
    windowStartSecondsSinceBoot: 0,
    windowEndSecondsSinceBoot: 86_400,
    allowingCpus: 8,
    allowingHotplugCpus: 4,
  };
  withProcess(
    r,
    { subject: APP, exe: '/opt/app/server', runtimes: [{ kind: 'jvm', version: '21' }] },
    { rssBytes: GiB + hoursOfGrowth * 150 * MiB, startTimeSecondsSinceBoot: 79_950 },
  );
  withProcess(
    r,
    { subject: AERON, exe: '/opt/aeron/driver', runtimes: [{ kind: 'aeron', version: '1.44.1' }] },
    {
      rssBytes: 300 * MiB,
      startTimeSecondsSinceBoot: 80_060,
      aeronDir: {
        resolvedPath: '/dev/shm/aeron',
        exists: true,
        readable: true,
        logBufferCount: 2,
        logBufferBytes: 32 * MiB,
        usage: {
          mountPoint: `${AERON}:/dev/shm`,
          blockSizeBytes: 4096,
          totalBytes: 4 * GiB,
          freeBytes: 3 * GiB,
          availableBytes: 3 * GiB - sequence * 16 * MiB,
          inodesTotal: 1000,
          inodesFree: 900,
        },
      },
    },
  );
  for (const n of [19, 2, 3])
    withProcess(r, { subject: `svc:/usr/bin/svc-${n}`, exe: `/usr/bin/svc-${n}` }, { rssBytes: (40 + n + sequence) * MiB, startTimeSecondsSinceBoot: 500 });
  return r;
}

describe('host charts and report history in Chromium (real API, worker, PostgreSQL, Redis)', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let worker: RunningProcess;
  let browser: Browser;
  let hostId: string;

  before(async () => {
    assertDashboardBuilt();
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      ...UNLIMITED_RATES,
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    const now = Date.now();
    const first = reportOf(1, now, 0);
    const enrolled = await enroll(api.url, SECRET, first);
    hostId = enrolled.hostId;
    const times = [now - 5 * 24 * HOUR, now - 3 * 24 * HOUR];
    for (let k = 10; k >= 0; k--) times.push(now - k * 0.5 * HOUR - 60_000);
    for (const [i, at] of times.entries()) {
      const sequence = i + 1;
      const hours = sequence <= 2 ? 0 : (at - times[2]) / HOUR;
      const res = await postReport(api.url, enrolled.agentToken, reportOf(sequence, at, hours));
      assert.equal(res.status, 202, JSON.stringify(res.body));
    }
    await until('the newest report evaluated with a growth hit', async () => {
      const d = (await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN })).body;
      return (
        d.latestReport?.status === 'evaluated' &&
        d.findings.some((f: { ruleId: string; outcome: string }) => f.ruleId === 'process-memory-growth' && f.outcome === 'hit')
      );
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    await worker?.stop();
    await db?.drop();
  });

  it('charts the host over a range; another range shows other data', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}?tab=charts`);
      const note = page.getByTestId('chart-range-note');
      await note.waitFor();
      const mem = page.getByRole('img', { name: /^MemAvailable:/ });
      assert.match(await note.innerText(), /^11 points/, '24 h: the last 11 reports');
      assert.match((await mem.getAttribute('aria-label'))!, /from 11\.\d+ GiB to 11\.\d+ GiB/);
      await page.getByRole('img', { name: /^Committed_AS vs CommitLimit:/ }).waitFor();
      assert.match((await page.getByRole('img', { name: /^Usable shared memory/ }).getAttribute('aria-label'))!, /\/dev\/shm .*aeron\.dir of aeron/);
      assert.match((await page.getByRole('img', { name: /^Online CPUs:/ }).getAttribute('aria-label'))!, /from 8 to 8/);
      await screenshotWidths(page, 'host-charts-24h');

      const week = (await call(`${api.url}/api/v1/hosts/${hostId}/history?range=7d`, { token: ADMIN })).body;
      assert.deepEqual(
        week.points.slice(0, 2).map((p: { sequence: number }) => p.sequence),
        [1, 2],
        'the 7 d range holds the reports of days ago',
      );
      await page.getByRole('button', { name: '7 d' }).click();
      await page.waitForURL(/range=7d/);
      // The 7 d range's slices can hold as many points as the 24 h note already shows: wait for the chart itself.
      await until('the 7 d chart', async () => /from 1\.00 GiB to 11\.\d+ GiB/.test((await mem.getAttribute('aria-label')) ?? ''), 15_000, 100).catch(
        async (err) => {
          assert.fail(`the older reports are in the 7 d range: ${await mem.getAttribute('aria-label')} (${(err as Error).message})`);
        },
      );
      assert.match(await note.innerText(), new RegExp(`^${week.points.length} points`));
      assert.equal(await page.getByRole('button', { name: '7 d' }).getAttribute('aria-pressed'), 'true');
      await screenshot(page, 'host-charts-7d');

      await page.locator('#chart-process').selectOption('svc:/usr/bin/svc-2');
      await page.getByRole('img', { name: /^RSS of svc:\/usr\/bin\/svc-2:/ }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('links the memory-growth finding to its process chart with the fitted rate in MiB/h', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}`);
      const card = page.locator('.finding', { hasText: 'RSS grew' });
      await card.first().waitFor();
      assert.doesNotMatch(await card.first().innerText(), /\/s\b/, 'the rate is per hour, nowhere per second');
      await page.getByRole('link', { name: /RSS chart of this process/ }).click();
      await page.waitForURL(/tab=charts/);
      const chart = page.getByRole('img', { name: new RegExp(`^RSS of ${APP.replace(/[/.]/g, '\\$&')}:`) });
      await chart.waitFor();
      const fit = chart.locator('.overlay text');
      assert.match((await fit.textContent()) ?? '', /^fitted \+1[45]\d(\.\d+)? MiB\/h$/);
      await screenshotWidths(page, 'host-growth-chart');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('opens the report diff on the last configuration change, with humanised metric deltas', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}?tab=history`);
      const diff = page.getByRole('region', { name: 'Compare two reports' });
      await diff.getByRole('table', { name: 'Differences' }).waitFor();
      assert.match(await page.getByLabel('From').locator('option:checked').innerText(), /^#4 /);
      assert.match(await page.getByLabel('to', { exact: true }).locator('option:checked').innerText(), /^#5 /);
      const rows = await diff.getByRole('table', { name: 'Differences' }).locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        rows.map((r) => r.split('\t').map((c) => c.trim())),
        [['configuration.thp.enabled', 'madvise', 'always', '']],
      );
      await page.getByLabel('include volatile metrics').check();
      const memRow = diff.locator('tbody tr', { hasText: 'metrics.memAvailableBytes' });
      assert.match(await memRow.innerText(), /GiB.*GiB.*[−-]64\.0 MiB/s);
      const paths = (await diff.locator('tbody tr td:first-child').allInnerTexts()).filter((p) => p.includes('svc-'));
      assert.deepEqual(
        paths,
        [...paths].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
        'names in natural order',
      );
      await screenshot(page, 'host-report-diff');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows every process by RSS, the hot-plug timeline zoomed with process starts, and only shared memory as shared memory', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${hostId}?tab=facts`);
      const procs = page.getByRole('table', { name: 'Processes by RSS' });
      await procs.waitFor();
      const names = await procs.locator('tbody tr td:first-child .mono').allInnerTexts();
      assert.deepEqual(names, [APP, AERON, 'svc:/usr/bin/svc-19', 'svc:/usr/bin/svc-3', 'svc:/usr/bin/svc-2']);
      const timeline = page.getByRole('img', { name: /hot-plug events/ });
      assert.match((await timeline.getAttribute('aria-label'))!, /4 hot-plug events.*2 process starts/);
      const shm = await page.getByRole('table', { name: 'Shared-memory filesystems' }).innerText();
      assert.match(shm, /\/dev\/shm/);
      assert.doesNotMatch(shm, /\/run\b/, '/run is tmpfs but not shared memory');
      assert.match(shm, /size 4\.00 GiB/);
      assert.match(await page.getByRole('table', { name: 'Other filesystems' }).innerText(), /\/run.*10% of RAM/s);
      await screenshotWidths(page, 'host-facts');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
