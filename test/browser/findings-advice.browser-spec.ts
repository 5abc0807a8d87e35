import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { assertDashboardBuilt, launch, openSession, screenshotWidths } from './harness';

const ADMIN = 'advice-admin-token-0123456789';
const SECRET = 'advice-enroll-secret-0123456789';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const REDIS_A = 'redis:/usr/bin/redis-server|:6379';
const REDIS_B = 'redis:/usr/bin/redis-server|:6380';
const AERON = 'aeron:/usr/bin/aeronmd|/dev/shm/aeron';

/** Two Redis instances under overcommit 0, an Aeron whose directory has free but no usable space, and an unread cgroup. */
function redisPair(): Report {
  const r = sampleReport({ machineId: 'a'.repeat(32), hostname: 'redis-pair.example.net' });
  r.configuration.vm.overcommitMemory = 0;
  delete r.configuration.cgroup;
  for (const subject of [REDIS_A, REDIS_B])
    withProcess(r, { subject, exe: '/usr/bin/redis-server', runtimes: [{ kind: 'redis', version: '7.2.4' }] }, { rssBytes: 512 * MiB });
  withProcess(
    r,
    {
      subject: AERON,
      exe: '/usr/bin/aeronmd',
      runtimes: [{ kind: 'aeron', version: '1.44.1', aeron: { role: 'driver', dir: '/dev/shm/aeron', termBufferLengthBytes: 16 * MiB } }],
    },
    {
      aeronDir: {
        resolvedPath: '/proc/1002/root/dev/shm/aeron',
        exists: true,
        readable: true,
        logBufferCount: 0,
        logBufferBytes: 0,
        // Its own /dev/shm, inside its mount namespace: 1.40 GiB free, none of it usable.
        usage: {
          // As the agent labels it: the process's subject, then the mount aeron.dir lives on.
          mountPoint: `${AERON}:/dev/shm`,
          blockSizeBytes: 4096,
          totalBytes: Math.round(1.95 * GiB),
          freeBytes: Math.round(1.4 * GiB),
          availableBytes: 0,
          inodesTotal: 1000,
          inodesFree: 900,
        },
      },
    },
  );
  // RLIMIT_AS not read for the Aeron process: absent, not null (unlimited).
  delete (r.configuration.processes[2] as { rlimitAsBytes?: number | null }).rlimitAsBytes;
  return r;
}

/** An Envoy with 9 plugins and --concurrency 16: 9 × 17 = 153 VMs, under the default 256 warning line, over 100. */
function envoy16(): Report {
  const r = sampleReport({ machineId: 'b'.repeat(32), hostname: 'envoy-16.example.net' });
  return withProcess(r, {
    subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/envoy.yaml',
    exe: '/usr/local/bin/envoy',
    cmdline: '/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --concurrency 16',
    runtimes: [
      { kind: 'envoy', version: '1.31.2', envoy: { concurrencyFlag: 16, cpusetThreads: false, wasmPluginCount: 9, configPath: '/etc/envoy/envoy.yaml' } },
    ],
  });
}

describe('findings an SRE can act on, in Chromium against the real API', { timeout: 240_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  let pairId: string;

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-advice-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (const report of [redisPair(), envoy16()]) {
      const { hostId, agentToken } = await enroll(api.url, SECRET, report);
      if (report.configuration.host.hostname === 'redis-pair.example.net') pairId = hostId;
      const res = await postReport(api.url, agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the rule page quotes the thresholds in force: after an admin moves warningVms to 100 it says 100, not 256', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/rules/envoy-wasm-vm-explosion');
      const logic = page.getByTestId('severity-logic');
      assert.match(await logic.innerText(), /warning when ≥ warningVms \(256\)/);
      await screenshotWidths(page, 'advice-rule-envoy-before-threshold');

      await page.getByLabel('warningVms').fill('100');
      await page.getByRole('button', { name: 'Preview effect' }).click();
      await page.getByText(/With these values, of \d+ hosts evaluated/).waitFor();
      await page.getByRole('button', { name: 'Save thresholds' }).click();
      await page.getByText(/finished/).waitFor({ timeout: 60_000 });
      // The re-evaluation says what changed in words, old → new.
      const progress = await page.locator('.reeval').innerText();
      assert.match(progress, /changed thresholds of envoy-wasm-vm-explosion: warningVms 256 → 100/);
      assert.doesNotMatch(progress, /[{}"]/, 'no raw JSON');

      await page.reload();
      await page.getByTestId('severity-logic').waitFor();
      const after = await page.getByTestId('severity-logic').innerText();
      assert.match(after, /warning when ≥ warningVms \(100\)/);
      assert.doesNotMatch(after, /256/);
      assert.match(after, /criticalVms \(1,024\)/, 'the unchanged line keeps its default');
      // The 153-VM Envoy is now over the line.
      await page.getByRole('link', { name: 'envoy-16.example.net' }).waitFor();
      await screenshotWidths(page, 'advice-rule-envoy-after-threshold');

      await page.goto('/rules');
      await page.locator('.reeval-reason', { hasText: 'warningVms 256 → 100' }).first().waitFor();
      await screenshotWidths(page, 'advice-rules-reevaluations');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('host detail groups results per subject and says a step two Redis instances share once', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${pairId}`);
      const hits = page.locator('details', { has: page.locator('summary', { hasText: /^Hits/ }) });
      await hits.locator('article.finding').first().waitFor();
      for (const subject of [REDIS_A, REDIS_B, AERON]) {
        const group = hits.getByRole('region', { name: `Results for ${subject}` });
        await group.getByRole('heading', { name: new RegExp(subject.replace(/[|.]/g, '\\$&')) }).waitFor();
        assert.ok((await group.locator('article.finding').count()) >= 1, `${subject} has its findings under it`);
      }
      const shared = hits.getByRole('region', { name: 'Steps shared by several instances' });
      assert.match(await shared.innerText(), /redis-overcommit-bgsave affects 2 Redis instances on this host/);
      assert.match(await shared.innerText(), /:6379[\s\S]*:6380/, 'names the instances it covers');
      assert.equal(await hits.locator('.remedy[data-step="sysctl.overcommit-1"]').count(), 1, 'the sysctl step is said once');
      assert.equal(await hits.locator('article[data-rule="redis-overcommit-bgsave"] .remedy-shared').count(), 2, 'each instance points to it');
      // Host-level results (here the passes and not-applicables, folded) sit under the host.
      const hostLevel = page.locator('section.subject-group[aria-label="Host-level results"]');
      assert.ok((await hostLevel.count()) >= 1);
      assert.match((await hostLevel.first().locator('h3').textContent()) ?? '', /This host/);
      await screenshotWidths(page, 'advice-host-findings');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a step shows whether it fixes or mitigates, and a template’s copy button says what to replace', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      // The rules fill effect and template elsewhere; here the host's answer carries them, as the API documents them.
      await page.route(`**/api/v1/hosts/${pairId}`, async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        for (const f of body.findings) {
          if (f.ruleId === 'redis-overcommit-bgsave') for (const s of f.remediation) s.effect = 'fixes';
          if (f.ruleId === 'aeron-shm-usable-space' && f.remediation.length)
            f.remediation[0] = {
              ...f.remediation[0],
              effect: 'mitigates',
              template: true,
              text: 'Restart it, or recreate its container. Replace UNIT with the unit that starts it. Replace OPTIONS with its other docker run options. Replace TAG with the image tag of release 2.1.4 or later.',
              commands: ['systemctl restart UNIT', 'docker run -e GATEWAY_CONCURRENCY=16 OPTIONS higress/all-in-one:TAG'],
            };
        }
        await route.fulfill({ response: res, json: body });
      });
      await page.goto(`/hosts/${pairId}`);
      const fixes = page.locator('.badge.effect-fixes').first();
      await fixes.waitFor();
      assert.match(await fixes.innerText(), /fixes/);
      assert.match((await fixes.getAttribute('title')) ?? '', /removes this host’s cause/);
      const aeron = page.locator('article[data-rule="aeron-shm-usable-space"]');
      assert.match(await aeron.locator('.badge.effect-mitigates').first().innerText(), /mitigates[\s\S]*cause stays/, 'text alternative for the badge');
      const copy = aeron.getByRole('button', { name: 'Copy template — replace UNIT' });
      await copy.click();
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), 'systemctl restart UNIT');
      assert.deepEqual(await aeron.locator('pre.cmd var').allInnerTexts(), ['UNIT', 'OPTIONS', 'TAG'], 'every part the text names is marked, also after ":"');
      await aeron.getByRole('button', { name: 'Copy template — replace OPTIONS, TAG' }).waitFor();
      await aeron.scrollIntoViewIfNeeded();
      await screenshotWidths(page, 'advice-remediation-effect-template');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('times since boot read as UTC times too, and a host’s instances come in natural order, not in the order they were found', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    const boot = Date.UTC(2026, 10, 30, 8, 0, 0) / 1000;
    try {
      await page.route(`**/api/v1/hosts/${pairId}`, async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        // Scan order put :6380 first; the page must not follow it.
        body.findings.reverse();
        const redis = body.findings.find((f: { ruleId: string; outcome: string }) => f.ruleId === 'redis-overcommit-bgsave' && f.outcome === 'hit');
        redis.evidence.push({ key: 'startedAt', label: 'Process started (s since boot)', value: 4980, unit: 'seconds' });
        body.configuration.host.bootTimeEpochSeconds = boot;
        body.latestMetrics.cpuHotplug = {
          events: [{ cpu: 6, action: 'hot-added', atSecondsSinceBoot: 4980, bootId: null, source: 'kmsg' }],
          windowStartSecondsSinceBoot: 0,
          windowEndSecondsSinceBoot: 9000,
          allowingCpus: 8,
          allowingHotplugCpus: 2,
        };
        await route.fulfill({ response: res, json: body });
      });
      await page.goto(`/hosts/${pairId}`);
      const started = page.locator('tr', { has: page.locator('th', { hasText: 'Process started (s since boot)' }) }).first();
      await started.waitFor();
      assert.match(await started.locator('td').innerText(), /^2026-11-30 09:23 UTC, 83 min after boot$/);
      const groups = await Promise.all((await page.locator('section.subject-group').all()).map((g) => g.getAttribute('aria-label')));
      const [a, b] = [groups.indexOf(`Results for ${REDIS_A}`), groups.indexOf(`Results for ${REDIS_B}`)];
      assert.ok(a >= 0 && b > a, `:6379 before :6380: ${groups.join(' | ')}`);
      assert.deepEqual(await page.locator('ul.subjects-covered li').allInnerTexts(), [REDIS_A, REDIS_B], 'the shared step names them in natural order');
      await started.scrollIntoViewIfNeeded();
      await screenshotWidths(page, 'advice-evidence-wall-clock');

      await page.goto(`/hosts/${pairId}?tab=facts`);
      const event = page.locator('table tr', { hasText: 'hot-added' });
      await event.waitFor();
      assert.match(await event.innerText(), /2026-11-30 09:23:\d\d UTC, 83 min after boot/);
      assert.match(
        await page.getByText(/^Boot-time ceiling/).innerText(),
        /Window 2026-11-30 08:00 UTC, 0 s after boot → 2026-11-30 10:30 UTC, 2\.5 h after boot\./,
      );
      await event.scrollIntoViewIfNeeded();
      await screenshotWidths(page, 'advice-hotplug-wall-clock');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the Facts tab shows the Aeron directory’s own statfs beside the host’s /dev/shm, and unknown as unknown', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto(`/hosts/${pairId}?tab=facts`);
      const shm = page.getByRole('table', { name: 'Shared-memory filesystems' });
      await shm.waitFor();
      const hostRow = shm.locator('tr', { has: page.locator('code', { hasText: /^\/dev\/shm$/ }) });
      assert.match(await hostRow.innerText(), /8\.00 GiB[\s\S]*✓ usable ≈ free/);
      const aeronRow = shm.locator('tr', { hasText: `aeron.dir of ${AERON}` });
      const text = await aeronRow.innerText();
      assert.match(text, /\/proc\/1002\/root\/dev\/shm\/aeron on \/dev\/shm\n/, 'the mount it lives on, without the subject label');
      assert.match(text, /1\.40 GiB[\s\S]*0 B[\s\S]*1\.95 GiB/, 'free, usable and size of its own filesystem');
      assert.match(text, /⚠ 0 B usable of 1\.40 GiB free/);

      const facts = await page.locator('.facts-grid').innerText();
      assert.doesNotMatch(facts, /\bnull\b|none \(or unknown\)/);
      const cpuLimit = page.locator('dt', { hasText: 'cgroup CPU limit' }).locator('xpath=following-sibling::dd[1]');
      assert.equal(await cpuLimit.innerText(), 'unknown', 'the cgroup was not read');
      const aeronProc = page.getByRole('table', { name: 'Processes by RSS' }).locator('tr', { hasText: AERON });
      assert.match(await aeronProc.innerText(), /unknown$/, 'RLIMIT_AS not read is unknown, not unlimited');
      await shm.scrollIntoViewIfNeeded();
      await screenshotWidths(page, 'advice-host-facts');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the rule’s affected hosts list groups a host’s instances and says their shared step once', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    try {
      await page.goto('/rules/redis-overcommit-bgsave');
      const link = page.getByRole('link', { name: 'redis-pair.example.net' });
      await link.waitFor();
      assert.equal(await link.count(), 1, 'the host is listed once for its two instances');
      const hostCell = page.locator('td', { has: link });
      assert.match(await hostCell.innerText(), /2 Redis instances/);
      assert.match(await page.locator('tr.shared-row').innerText(), /One step covers these 2 Redis instances: Set vm\.overcommit_memory = 1/);
      await screenshotWidths(page, 'advice-rule-redis-affected');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
