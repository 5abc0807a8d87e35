// npm run bench:dashboard — against a seeded PostgreSQL (npm run seed -- --hosts N), times the API calls
// behind the overview and hosts pages, and the pages' load in Chromium, with a bare `pg` query of the
// same totals as the raw baseline. Usage: DATABASE_URL=... npm run bench:dashboard [-- --runs 5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/browser/harness';
import { call } from '../test/helpers/api-client';
import { REPO_ROOT, startApi, UNLIMITED_RATES } from '../test/helpers/processes';
import { percentile } from './lib/load';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5;
const ADMIN = 'bench-dashboard-admin-token-0123456789';
// Seeded envoy versions are 1.31.2 and 1.25.9 (libs/rules/src/testing/generate-reports.ts).
const ENVOY_SEARCH = 'runtime:envoy version:<1.30';
const log = (s: string) => console.log(`[bench:dashboard] ${s}`);

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a database seeded with npm run seed');
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const hosts = Number((await pg.query(`SELECT count(*) AS n FROM hosts`)).rows[0].n);
  const reports = Number((await pg.query(`SELECT count(*) AS n FROM reports`)).rows[0].n);
  log(`${hosts} hosts, ${reports} reports`);
  const api = await startApi({
    DATABASE_URL: databaseUrl,
    MEMFLEET_ADMIN_TOKEN: ADMIN,
    MEMFLEET_ENROLL_SECRET: 'bench-dashboard-secret-0123456789',
    LOG_LEVEL: 'warn',
    ...UNLIMITED_RATES, // one admin token makes every request
  });
  const results: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    hosts,
    reports,
    runs: RUNS,
  };
  try {
    const endpoints = [
      '/api/v1/stats/summary',
      '/api/v1/stats/finding-events?days=30',
      '/api/v1/stats/distributions',
      '/api/v1/hosts?limit=50&sort=-critical',
      '/api/v1/hosts?limit=50&sort=hostname&q=node-12',
      `/api/v1/hosts?limit=50&sort=hostname&q=${encodeURIComponent(ENVOY_SEARCH)}`,
      '/api/v1/hosts?limit=50&sort=hostname&q=envoy',
      '/api/v1/hosts?limit=50&sort=-memTotalBytes',
      '/api/v1/inventory/runtimes',
      '/api/v1/hosts?limit=50&rule=envoy-wasm-vm-explosion&severity=critical',
      '/api/v1/findings?limit=50&severity=critical',
      '/api/v1/rules',
    ];
    const api_ms: Record<string, { p50: number; max: number }> = {};
    for (const e of endpoints) {
      const ms = await timed(async () => {
        const res = await call(`${api.url}${e}`, { token: ADMIN });
        if (res.status !== 200) throw new Error(`${e} answered ${res.status}`);
      });
      api_ms[e] = { p50: percentile(ms, 50), max: ms[ms.length - 1] };
      log(`${e}: p50 ${api_ms[e].p50.toFixed(0)} ms, max ${api_ms[e].max.toFixed(0)} ms`);
    }
    results.apiMs = api_ms;
    const bare = await timed(() => pg.query(`SELECT count(*) FILTER (WHERE critical_count > 0), sum(critical_count) FROM hosts WHERE retired_at IS NULL`));
    results.barePgSummaryMs = percentile(bare, 50);
    log(`baseline: bare pg host totals: p50 ${percentile(bare, 50).toFixed(0)} ms`);

    if (!fs.existsSync(path.join(REPO_ROOT, 'apps/dashboard/dist/index.html'))) throw new Error('build the dashboard first: npm run build:dashboard');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page_ms: Record<string, number> = {};
      const runs_ms: Record<string, number[]> = {};
      // A page counts as loaded when what an SRE reads first is in the page: the totals, a chart and the
      // distributions, or the host count and the table. The page itself notes the moment (checked every
      // animation frame, in ms since navigation started): polling from outside would add its own interval.
      const ready: Record<string, string> = {
        overview: `document.querySelector('[data-stat] .stat-value') && document.querySelector('figure.chart') && [...document.querySelectorAll('h2, h3')].some((h) => h.textContent.includes('Fleet distributions'))`,
        hosts: `document.querySelector('[data-testid="hosts-total"]') && document.querySelector('table tbody tr')`,
        'hosts-search': `document.querySelector('[data-testid="hosts-total"]') && document.querySelector('table tbody tr')`,
        inventory: `document.querySelector('[data-testid="inventory-total"]') && document.querySelector('table tbody tr')`,
      };
      for (const [name, route] of [
        ['overview', '/'],
        ['hosts', '/hosts'],
        ['hosts-search', `/hosts?q=${encodeURIComponent(ENVOY_SEARCH)}`],
        ['inventory', '/inventory'],
      ] as const) {
        const ms: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          // A fresh browser context per run (no cache).
          // bypassCSP: the readiness probe below is a string predicate, which the CSP's script-src refuses to eval.
          const context = await browser.newContext({ bypassCSP: true });
          await context.addInitScript({ content: `sessionStorage.setItem('memfleet.token', ${JSON.stringify(ADMIN)})` });
          const page = await context.newPage();
          await page.goto(`${api.url}${route}`);
          const shownAt = await page.waitForFunction(
            `(() => { if (${ready[name]}) { window.__shownAt ??= performance.now(); return window.__shownAt; } return false; })()`,
            undefined,
            { polling: 'raf', timeout: 30_000 },
          );
          ms.push(Number(await shownAt.jsonValue()));
          await context.close();
        }
        runs_ms[name] = ms.map((x) => Math.round(x));
        ms.sort((a, b) => a - b);
        page_ms[name] = percentile(ms, 50);
        log(
          `page ${name}: navigation to content shown p50 ${page_ms[name].toFixed(0)} ms (max ${ms[ms.length - 1].toFixed(0)} ms); runs in order: ${runs_ms[name].join(', ')} ms`,
        );
      }
      results.pageMs = page_ms;
      results.pageRunsMs = runs_ms;
    } finally {
      await browser.close();
    }
    const out = path.join(REPO_ROOT, 'bench/results/dashboard.json');
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await api.stop();
    await pg.end();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
