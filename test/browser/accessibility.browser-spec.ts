import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { until } from '../helpers/until';
import { assertDashboardBuilt, launch, openSession, screenshot } from './harness';

const ADMIN = 'a11y-admin-token-0123456789abcdef';
const SECRET = 'a11y-enroll-secret-0123456789abcdef';
const PHONE = 390;

/** What axe found that a keyboard or screen-reader user cannot get past: serious and critical violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Elements wider than the phone screen that are not inside a container scrolling on its own (run in the page). */
const CUT_OFF = `(width) => {
  const found = [];
  const scrollsItself = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth - 1) return true;
      if (s.overflowX === 'hidden' && e !== el) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || scrollsItself(el)) continue;
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
    found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' ends at ' + Math.round(r.right) + ' px: ' + (el.textContent || '').trim().slice(0, 40));
  }
  if (document.documentElement.scrollWidth > width + 1) found.unshift('the page scrolls sideways (' + document.documentElement.scrollWidth + ' px)');
  return found.slice(0, 10);
}`;

const cutOff = (page: Page): Promise<string[]> => page.evaluate(`(${CUT_OFF})(${PHONE})`);

describe('every dashboard page at phone width and under axe-core (Chromium)', { timeout: 300_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  let browser: Browser;
  const pages: { name: string; path: string; ready: string | RegExp }[] = [];

  before(async () => {
    assertDashboardBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-a11y-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    let hostId = '';
    let ruleId = '';
    // generateReport(11) hits a critical rule; a few others give the overview and lists their content.
    for (const i of [1, 2, 11]) {
      const report = generateReport(i);
      const enrolled = await enroll(api.url, SECRET, report, report.labels);
      const res = await postReport(api.url, enrolled.agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      if (i !== 11) continue;
      hostId = enrolled.hostId;
      ruleId = (res.body.findings as { ruleId: string; outcome: string }[]).find((f) => f.outcome === 'hit')!.ruleId;
    }
    const audit = await call(`${api.url}/api/v1/audits`, { token: ADMIN, body: {} });
    assert.equal(audit.status, 202, JSON.stringify(audit.body));
    await until('the audit is done', async () => (await call(`${api.url}/api/v1/audits/${audit.body.id}`, { token: ADMIN })).body.status === 'done');
    const trace = await fetch(`${api.url}/api/v1/traces?name=vm.trace`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/plain' },
      body: 'a 1 1 512\nr 1 1 512 1024\na 1 2 40\nf 1 2 40\na 2 1 2048\n',
    });
    assert.equal(trace.status, 202);
    const traceId = ((await trace.json()) as { id: string }).id;
    await until('the trace is analysed', async () => (await call(`${api.url}/api/v1/traces/${traceId}`, { token: ADMIN })).body.status === 'done');
    pages.push(
      { name: 'overview', path: '/', ready: 'Fleet overview' },
      { name: 'hosts', path: '/hosts', ready: 'Hosts' },
      { name: 'inventory', path: '/inventory', ready: 'Inventory' },
      { name: 'host-detail', path: `/hosts/${hostId}`, ready: /node-000011/ },
      { name: 'host-charts', path: `/hosts/${hostId}?tab=charts&range=7d`, ready: /node-000011/ },
      { name: 'host-facts', path: `/hosts/${hostId}?tab=facts`, ready: /node-000011/ },
      { name: 'host-history', path: `/hosts/${hostId}?tab=history`, ready: /node-000011/ },
      { name: 'findings', path: '/findings', ready: 'Findings' },
      { name: 'rules', path: '/rules', ready: 'Rules' },
      { name: 'rule-detail', path: `/rules/${ruleId}`, ready: /\w/ },
      { name: 'audits', path: '/audits', ready: 'Audits' },
      { name: 'audit-detail', path: `/audits/${audit.body.id}`, ready: /Audit/ },
      { name: 'destinations', path: '/destinations', ready: 'Destinations' },
      { name: 'activity', path: '/activity', ready: 'Activity' },
      { name: 'traces', path: '/traces', ready: 'Trace lab' },
      { name: 'trace-detail', path: `/traces/${traceId}`, ready: 'vm.trace' },
      { name: 'admin', path: '/admin', ready: 'Admin' },
    );
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the sign-in page has no serious axe violations and fits a phone', async () => {
    const { page, context } = await openSession(browser, api.url);
    try {
      await page.setViewportSize({ width: PHONE, height: 844 });
      await page.goto('/');
      await page.getByRole('button', { name: /Sign in/ }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      assert.deepEqual(await cutOff(page), []);
      await screenshot(page, 'a11y-sign-in-390');
    } finally {
      await context.close();
    }
  });

  it('each signed-in page has no serious axe violations, at desktop and at 390 px, and nothing is cut off at 390 px', async () => {
    const { page, context, errors } = await openSession(browser, api.url, ADMIN);
    const problems: string[] = [];
    try {
      for (const p of pages) {
        for (const width of [1280, PHONE]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(p.path);
          await page.locator('main h1').first().waitFor();
          await page.waitForLoadState('networkidle');
          assert.match((await page.locator('main h1').first().textContent()) ?? '', typeof p.ready === 'string' ? new RegExp(p.ready) : p.ready, p.path);
          for (const v of await seriousViolations(page)) problems.push(`${p.name} at ${width} px: ${v}`);
          if (width === PHONE) {
            for (const c of await cutOff(page)) problems.push(`${p.name} at ${width} px: ${c}`);
            await screenshot(page, `a11y-${p.name}-390`);
          }
        }
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the navigation is reachable by keyboard at phone width, each control with a name', async () => {
    const { page, context } = await openSession(browser, api.url, ADMIN);
    try {
      await page.setViewportSize({ width: PHONE, height: 844 });
      await page.goto('/');
      await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
      const reached = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const name = await page.evaluate<string>(
          `(() => { const el = document.activeElement; return !el || el === document.body ? '' : (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(); })()`,
        );
        if (name) reached.add(name);
      }
      for (const link of ['Hosts', 'Findings', 'Rules', 'Audits', 'Trace lab'])
        assert.ok(reached.has(link), `${link} reached by Tab (${[...reached].join(', ')})`);
    } finally {
      await context.close();
    }
  });
});
