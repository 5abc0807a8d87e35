import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'incremental-admin-token-0123456789';
const SECRET = 'incremental-enroll-secret-0123456789';
const ENVOY = 'envoy-wasm-vm-explosion';

/** 255 CPUs, 9 Wasm plugins, no --concurrency: 9 × 256 VMs, a critical Envoy finding. */
function envoyHost(): Report {
  const r = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
  r.configuration.cpu = {
    ...r.configuration.cpu,
    possible: '0-254',
    present: '0-254',
    online: '0-254',
    possibleCount: 255,
    presentCount: 255,
    onlineCount: 255,
  };
  return withProcess(r, {
    subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/envoy.yaml',
    exe: '/usr/local/bin/envoy',
    cmdline: '/usr/local/bin/envoy -c /etc/envoy/envoy.yaml',
    cpusAllowedCount: 255,
    runtimes: [
      { kind: 'envoy', version: '1.31.2', envoy: { concurrencyFlag: null, cpusetThreads: false, wasmPluginCount: 9, configPath: '/etc/envoy/envoy.yaml' } },
    ],
  });
}

describe(
  'incremental evaluation over HTTP: settled without a job, re-run on a changed input or context (API with BullMQ workers)',
  { timeout: 180_000 },
  () => {
    let db: ThrowawayDb;
    let api: RunningApi;
    let pg: Client;
    let token: string;
    let hostId: string;
    let report: Report;

    before(async () => {
      db = await createThrowawayDatabase();
      api = await startApi({
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
        MEMFLEET_RUN_WORKERS: 'true',
        MEMFLEET_ADMIN_TOKEN: ADMIN,
        MEMFLEET_ENROLL_SECRET: SECRET,
        MEMFLEET_SWEEP_SECONDS: '1',
      });
      report = envoyHost();
      ({ hostId, agentToken: token } = await enroll(api.url, SECRET, report));
      pg = new Client({ connectionString: db.url });
      await pg.connect();
    });

    after(async () => {
      await pg?.end();
      await api?.stop();
      await db?.drop();
    });

    /** Posts the host's next report (changed by `change`). */
    function next(change: (r: Report) => void = () => undefined, wait?: number) {
      report = structuredClone(report);
      report.sequence++;
      report.collectedAt = new Date(Date.parse(report.collectedAt) + 300_000).toISOString();
      change(report);
      return postReport(api.url, token, report, wait === undefined ? {} : { wait });
    }
    const row = async (reportId: string) =>
      (await pg.query(`SELECT status, attempts FROM reports WHERE id = $1`, [reportId])).rows[0] as { status: string; attempts: number };
    const envoyFinding = (findings: { ruleId: string; outcome: string; severity: string }[]) => findings.find((f) => f.ruleId === ENVOY && f.outcome === 'hit');

    it("settles a report that changes nothing: 200 at once with the host's findings, no job", async () => {
      const first = await next(undefined, 30);
      assert.deepEqual([first.status, first.body.status], [200, 'evaluated'], JSON.stringify(first.body));
      assert.equal(envoyFinding(first.body.findings)?.severity, 'critical');
      // Only the uptime and free memory moved: no rule reads them.
      const settled = await next((r) => {
        r.metrics.uptimeSeconds! += 300;
        r.metrics.memFreeBytes! -= 4096;
      });
      assert.deepEqual([settled.status, settled.body.status], [200, 'settled'], JSON.stringify(settled.body));
      assert.equal(envoyFinding(settled.body.findings)?.severity, 'critical', "the answer carries the host's findings");
      const waited = await next(undefined, 10);
      assert.deepEqual([waited.status, waited.body.status], [200, 'settled'], '?wait= answers at once');
      await new Promise((r) => setTimeout(r, 2500)); // a job, or the stranded-report sweep, would have run by now
      for (const id of [settled.body.reportId, waited.body.reportId]) assert.deepEqual(await row(id), { status: 'settled', attempts: 0 });
      const host = (await call(`${api.url}/api/v1/hosts/${hostId}`, { token: ADMIN })).body;
      assert.equal(host.latestReport.id, waited.body.reportId, "the settled report is the host's latest");
    });

    it('queues a job when an input a rule reads changed, then settles again', async () => {
      const changed = await next((r) => (r.configuration.vm.maxMapCount = 262_144), 30);
      assert.deepEqual([changed.status, changed.body.status], [200, 'evaluated']);
      assert.equal((await row(changed.body.reportId)).attempts, 1);
      assert.equal((await next()).body.status, 'settled');
    });

    it('re-runs after a threshold change and after a silence, by the worker', async () => {
      const saved = await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds`, { method: 'PUT', token: ADMIN, body: { values: { criticalVms: 4096 } } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      // Queued (and judged by the worker), or settled once the re-evaluation run re-judged the latest report: never
      // answered with findings judged by the old line.
      const afterThresholds = await next(undefined, 30);
      assert.equal(afterThresholds.status, 200, JSON.stringify(afterThresholds.body));
      assert.equal(envoyFinding(afterThresholds.body.findings)?.severity, 'warning', `judged by the new line (${afterThresholds.body.status})`);
      assert.equal((await next()).body.status, 'settled');
      const silence = await call(`${api.url}/api/v1/silences`, { token: ADMIN, body: { ruleId: ENVOY, hostId, reason: 'known', durationHours: 1 } });
      assert.equal(silence.status, 201, JSON.stringify(silence.body));
      assert.equal((await next(undefined, 30)).body.status, 'evaluated');
      assert.equal((await next()).body.status, 'settled');
    });
  },
);
