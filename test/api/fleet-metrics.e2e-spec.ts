import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { catalogue } from '@memfleet/rules';
import { call, enroll, postReport } from '../helpers/api-client';
import { freePort, startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { PROMTOOL, promtoolProblems } from '../helpers/promtool';
import { sample } from '../helpers/metrics-text';
import { until } from '../helpers/until';

const ADMIN = 'fleet-metrics-admin-token-0123456789';
const SECRET = 'fleet-metrics-enroll-secret-0123456789';
const ENVOY = 'envoy-wasm-vm-explosion';
const WINDOW_SECONDS = 6;

/** An Envoy host: 9 Wasm plugins × (concurrency or CPUs, + 1) VMs; warning from 256, critical from 1024. */
function envoyHost(hostname: string, cpus: number, concurrency: number | null): Report {
  const r = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname });
  const range = `0-${cpus - 1}`;
  r.configuration.cpu = { ...r.configuration.cpu, possible: range, present: range, online: range, possibleCount: cpus, presentCount: cpus, onlineCount: cpus };
  return withProcess(r, {
    subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/envoy.yaml',
    exe: '/usr/local/bin/envoy',
    cmdline: `/usr/local/bin/envoy -c /etc/envoy/envoy.yaml${concurrency ? ` --concurrency ${concurrency}` : ''}`,
    cpusAllowedCount: cpus,
    runtimes: [
      {
        kind: 'envoy',
        version: '1.31.2',
        envoy: { concurrencyFlag: concurrency, cpusetThreads: false, wasmPluginCount: 9, configPath: '/etc/envoy/envoy.yaml' },
      },
    ],
  });
}

/** The fleet gauges as one object, so a whole scrape compares at once. */
function fleet(text: string) {
  const others = catalogue.filter((r) => r.id !== ENVOY);
  return {
    hosts: Object.fromEntries(['reporting', 'stale', 'retired'].map((state) => [state, sample(text, 'memfleet_hosts', { state })])),
    envoy: Object.fromEntries(
      ['critical', 'warning', 'info'].map((severity) => [severity, sample(text, 'memfleet_active_findings', { rule: ENVOY, severity })]),
    ),
    envoySilenced: sample(text, 'memfleet_silenced_findings', { rule: ENVOY }),
    othersActive: others.flatMap((r) => ['critical', 'warning', 'info'].map((severity) => sample(text, 'memfleet_active_findings', { rule: r.id, severity }))),
    othersSilenced: others.map((r) => sample(text, 'memfleet_silenced_findings', { rule: r.id })),
  };
}

describe('metrics: fleet gauges from PostgreSQL on /metrics, and the worker’s own metrics port', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let worker: RunningProcess;
  let workerUrl: string;
  let workerPort: number;
  let pg: Client;
  const scrapeApi = async () => {
    const res = await call(`${api.url}/metrics`);
    assert.equal(res.status, 200);
    return res.body as string;
  };
  const scrapeWorker = async () => {
    const res = await fetch(`${workerUrl}/metrics`);
    assert.equal(res.status, 200);
    return res.text();
  };
  const evaluated = (text: string) => sample(text, 'memfleet_job_runs_total', { job: 'evaluate-report', outcome: 'completed' }) ?? 0;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_ENROLL_SECRET: SECRET };
    api = await startApi({ ...env, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_METRICS_PUBLIC: 'true', MEMFLEET_FLEET_GAUGE_SECONDS: String(WINDOW_SECONDS) });
    workerPort = await freePort();
    workerUrl = `http://127.0.0.1:${workerPort}`;
    worker = startProcess(WORKER_MAIN, { ...env, MEMFLEET_WORKER_METRICS_PORT: String(workerPort) });
    await until(
      'the worker metrics port',
      () =>
        fetch(`${workerUrl}/metrics`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.drop();
  });

  it('the worker serves its process metrics and counts the evaluations it ran', async () => {
    const before = await scrapeWorker();
    assert.ok((sample(before, 'process_resident_memory_bytes') ?? 0) > 0, 'resident memory of the worker process');
    assert.equal(evaluated(before), 0);
    assert.doesNotMatch(before, /^memfleet_jobs_completed_total/m, "the API's fleet-wide counter is not served as a 0 here");
    assert.equal((await fetch(`${workerUrl}/other`)).status, 404);

    const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'first' });
    const { agentToken } = await enroll(api.url, SECRET, report);
    assert.equal((await postReport(api.url, agentToken, report, { wait: 30 })).status, 200);
    await until('the worker to count the evaluation', async () => evaluated(await scrapeWorker()) === 1, 10_000);
    // The worker ran it, not the API: the API counts settled jobs without labels, never job runs.
    assert.equal(sample(await scrapeApi(), 'memfleet_job_runs_total', { job: 'evaluate-report', outcome: 'completed' }), undefined);
  });

  it('serves standard process and Node.js names, and promtool check metrics finds nothing on either /metrics', async (t) => {
    const [apiText, workerText] = [await scrapeApi(), await scrapeWorker()];
    for (const text of [apiText, workerText]) {
      assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0, 'the standard name, without a memfleet prefix');
      assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
      assert.doesNotMatch(text, /^memfleet_process_/m, 'no doubled prefix');
      assert.doesNotMatch(text, /^# TYPE \S+_total (gauge|untyped)/m, 'no gauge named like a counter');
    }
    if (!PROMTOOL) {
      t.skip('promtool not installed (Debian package prometheus; .ci/run installs it)');
      return;
    }
    assert.equal(promtoolProblems(apiText), '', 'the API');
    assert.equal(promtoolProblems(workerText), '', 'the worker');
  });

  it('serves hosts by state and findings by rule and severity as counted in PostgreSQL, the same for a whole window', async () => {
    const seeded: Record<string, string> = {};
    for (const [name, report] of [
      ['critical', envoyHost('gw-critical', 255, null)], // 9 × 256 = 2304 VMs
      ['warning', envoyHost('gw-warning', 32, 31)], // 9 × 32 = 288 VMs
      ['pass', envoyHost('gw-pass', 16, 16)], // 9 × 17 = 153 VMs
      ['stale', sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'quiet' })],
      ['retired', envoyHost('gw-retired', 255, null)],
    ] as const) {
      const { hostId, agentToken } = await enroll(api.url, SECRET, report);
      seeded[name] = hostId;
      assert.equal((await postReport(api.url, agentToken, report, { wait: 30 })).status, 200);
    }
    await pg.query(`UPDATE hosts SET last_seen_at = now() - interval '1 day' WHERE id = $1`, [seeded.stale]);
    await pg.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [seeded.retired]);

    // The first test's host reports too; the retired host's critical finding is not counted.
    const expected = {
      hosts: { reporting: 4, stale: 1, retired: 1 },
      envoy: { critical: 1, warning: 1, info: 0 },
      envoySilenced: 0,
      othersActive: catalogue.filter((r) => r.id !== ENVOY).flatMap(() => [0, 0, 0]),
      othersSilenced: catalogue.filter((r) => r.id !== ENVOY).map(() => 0),
    };
    // The API may have counted before the seed (at start or on an earlier scrape): wait out that window.
    // The count behind the first scrape that shows the seed ran during that scrape: after it started.
    let scrapeStarted = 0;
    const first = await until(
      'the gauges to show the seeded fleet',
      async () => {
        scrapeStarted = Date.now();
        const f = fleet(await scrapeApi());
        return JSON.stringify(f) === JSON.stringify(expected) && f;
      },
      (WINDOW_SECONDS + 5) * 1000,
    );
    const countedBy = Date.now();
    assert.deepEqual(first, expected);

    // Change the fleet: silence the warning host's finding, delete a host.
    const silence = await call(`${api.url}/api/v1/silences`, {
      token: ADMIN,
      body: { ruleId: ENVOY, hostId: seeded.warning, reason: 'rollout of --concurrency pending', durationHours: 1 },
    });
    assert.equal(silence.status, 201, JSON.stringify(silence.body));
    assert.equal((await call(`${api.url}/api/v1/hosts/${seeded.pass}`, { method: 'DELETE', token: ADMIN })).status, 204);
    const sentAt = Date.now();
    const scrapes = await Promise.all([scrapeApi(), scrapeApi(), scrapeApi()]);
    assert.ok(sentAt - scrapeStarted < WINDOW_SECONDS * 1000, 'sent inside the window (else this test proves nothing)');
    for (const text of scrapes) assert.deepEqual(fleet(text), expected, 'unchanged within the window');

    const changed = {
      ...expected,
      hosts: { reporting: 3, stale: 1, retired: 1 },
      envoy: { critical: 1, warning: 0, info: 0 },
      envoySilenced: 1,
    };
    await new Promise((r) => setTimeout(r, Math.max(0, countedBy + WINDOW_SECONDS * 1000 - Date.now()) + 100));
    assert.deepEqual(fleet(await scrapeApi()), changed, 'counted again after the window');
  });

  it('closes the worker metrics port when the worker stops', async () => {
    // Nest re-raises the signal once its shutdown hooks (the metrics server's close among them) are done.
    assert.equal(await worker.stop(), 'SIGTERM', worker.output());
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(workerPort, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
    assert.ok(refused, 'nothing listens on the worker metrics port');
  });
});
