import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const ADMIN = 'rules-admin-token-0123456789';
const SECRET = 'rules-enroll-secret-0123456789';
const ENVOY = 'envoy-wasm-vm-explosion';

function envoyHost(cpus: number, concurrency: number | null): Report {
  const r = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
  r.configuration.cpu = {
    ...r.configuration.cpu,
    possible: `0-${cpus - 1}`,
    present: `0-${cpus - 1}`,
    online: `0-${cpus - 1}`,
    possibleCount: cpus,
    presentCount: cpus,
    onlineCount: cpus,
  };
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

describe('silences, thresholds and re-evaluation (API with BullMQ workers)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let big: string; // 255 CPUs, no --concurrency: 9 × 256 VMs
  let small: string; // --concurrency 16: 9 × 17 = 153 VMs
  let operator: string;
  let viewer: string;
  const get = (path: string, token = ADMIN) => call(`${api.url}${path}`, { token });
  const criticalOf = async (hostId: string) => (await get(`/api/v1/hosts/${hostId}`)).body.host.findingCounts.critical as number;

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
    for (const [report, set] of [
      [envoyHost(255, null), (id: string) => (big = id)],
      [envoyHost(16, 16), (id: string) => (small = id)],
    ] as const) {
      const { hostId, agentToken } = await enroll(api.url, SECRET, report);
      set(hostId);
      assert.equal((await postReport(api.url, agentToken, report, { wait: 30 })).status, 200);
    }
    operator = (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'oncall', role: 'operator' } })).body.token;
    viewer = (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'watcher', role: 'viewer' } })).body.token;
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('flags the 255-core Envoy as critical and passes the one with --concurrency 16', async () => {
    assert.equal(await criticalOf(big), 1);
    const smallFinding = (await get(`/api/v1/findings?hostId=${small}&rule=${ENVOY}&outcome=pass`)).body;
    assert.equal(smallFinding.total, 1);
  });

  it('silences a finding for one host: still recorded, out of the totals, back when the silence ends', async () => {
    const before = (await get('/api/v1/stats/summary')).body.findings.critical;
    const body = { ruleId: ENVOY, hostId: big, reason: 'gateway being resized this week', durationHours: 24 };
    assert.equal((await call(`${api.url}/api/v1/silences`, { token: viewer, body })).status, 403, 'viewers cannot acknowledge');
    const created = await call(`${api.url}/api/v1/silences`, { token: operator, body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.author, created.body.active, created.body.findingsCovered], ['oncall', true, 1]);
    assert.equal(await criticalOf(big), 0);
    assert.equal((await get('/api/v1/stats/summary')).body.findings.critical, before - 1);
    const silenced = (await get(`/api/v1/findings?rule=${ENVOY}&silenced=true`)).body.items;
    assert.deepEqual(
      silenced.map((f: { hostId: string; outcome: string }) => [f.hostId, f.outcome]),
      [[big, 'hit']],
    );
    assert.equal((await call(`${api.url}/api/v1/silences/${created.body.id}`, { method: 'DELETE', token: operator })).status, 204);
    assert.equal(await criticalOf(big), 1);
  });

  it('reopens findings when a silence expires', async () => {
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    const created = await call(`${api.url}/api/v1/silences`, {
      token: operator,
      body: { ruleId: ENVOY, labels: { env: 'test' }, reason: 'short maintenance window', expiresAt },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(await criticalOf(big), 0);
    await until('the silence to expire and the sweep to reopen', async () => (await criticalOf(big)) === 1, 15_000);
  });

  it('rejects an unknown threshold name or a negative value with the field path', async () => {
    const res = await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds/preview`, { token: operator, body: { values: { noSuchThreshold: 3 } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'values.noSuchThreshold');
  });

  it('previews, saves and re-evaluates a lower warning line: the 153-VM host opens a warning', async () => {
    const rule = (await get(`/api/v1/rules/${ENVOY}`)).body;
    const warning = rule.thresholds.find((t: { name: string; default: number }) => /warn/i.test(t.name));
    assert.ok(warning, `the envoy rule declares a warning threshold: ${JSON.stringify(rule.thresholds)}`);
    assert.equal(warning.default, 256);
    const values = { [warning.name]: 100 };
    const preview = await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds/preview`, { token: operator, body: { values } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual([preview.body.hostsEvaluated, preview.body.wouldOpen, preview.body.wouldClose], [2, 1, 0]);
    assert.equal(
      (await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds`, { method: 'PUT', token: operator, body: { values } })).status,
      403,
      'operators cannot change thresholds',
    );
    const saved = await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds`, { method: 'PUT', token: ADMIN, body: { values } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const run = await until('re-evaluation to finish', async () => {
      const r = (await get(`/api/v1/reevaluations/${saved.body.reevaluationId}`)).body;
      return r.finishedAt && r;
    });
    assert.deepEqual([run.total, run.done, run.failed], [2, 2, 0]);
    const finding = (await get(`/api/v1/findings?hostId=${small}&rule=${ENVOY}`)).body.items[0];
    assert.deepEqual([finding.outcome, finding.severity], ['hit', 'warning']);
    assert.equal(finding.thresholds[warning.name], 100, 'the finding records the threshold it was judged by');
    assert.equal((await get(`/api/v1/rules/${ENVOY}`)).body.thresholds.find((t: { name: string }) => t.name === warning.name).value, 100);
  });

  it('previews per host and subject: a warning that goes on a host that keeps a critical counts as closing', async () => {
    // One host, two Envoys: 9 × 256 VMs (critical) and --concurrency 16, 9 × 17 = 153 VMs (a warning under the line of 100 saved above).
    const mixed = envoyHost(255, null);
    withProcess(mixed, {
      subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/edge.yaml',
      exe: '/usr/local/bin/envoy',
      cmdline: '/usr/local/bin/envoy -c /etc/envoy/edge.yaml --concurrency 16',
      cpusAllowedCount: 255,
      runtimes: [
        { kind: 'envoy', version: '1.31.2', envoy: { concurrencyFlag: 16, cpusetThreads: false, wasmPluginCount: 9, configPath: '/etc/envoy/edge.yaml' } },
      ],
    });
    const { hostId, agentToken } = await enroll(api.url, SECRET, mixed);
    assert.equal((await postReport(api.url, agentToken, mixed, { wait: 30 })).status, 200);
    const hits = (await get(`/api/v1/findings?hostId=${hostId}&rule=${ENVOY}&outcome=hit`)).body.items as { subject: string; severity: string }[];
    assert.deepEqual(hits.map((f) => f.severity).sort(), ['critical', 'warning']);
    const warning = (await get(`/api/v1/rules/${ENVOY}`)).body.thresholds.find((t: { name: string }) => /warn/i.test(t.name)).name as string;
    const raise = await call(`${api.url}/api/v1/rules/${ENVOY}/thresholds/preview`, { token: operator, body: { values: { [warning]: 200 } } });
    assert.equal(raise.status, 200, JSON.stringify(raise.body));
    // The small host's warning and the mixed host's second Envoy's warning go; the mixed host's critical stays.
    assert.deepEqual([raise.body.hostsEvaluated, raise.body.wouldOpen, raise.body.wouldClose, raise.body.wouldChangeSeverity], [3, 0, 2, 0]);
  });
});
