import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { CATALOGUE } from '../catalogue';
import { generateReport } from '../testing/generate-reports';
import { evaluateWith } from './evaluate';
import { buildFacts, type FactKey, type Facts } from './facts';
import { FACT_KEYS, FACT_SOURCES, PROCESS_METRIC_FIELDS, type ProcessMetricField } from './inputs';
import { inputsDigestOf, isPeriodic, planRun, quantise, ruleInputDigestsOf, runtimeKindsOf } from './inputs-digest';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A host with a Redis (a runtime), a plain glibc process, and a metrics-only subject. */
function base(): Report {
  const r = sampleReport();
  withProcess(
    r,
    { subject: 'redis:a', allocator: 'jemalloc', runtimes: [{ kind: 'redis', version: '7.2.4' }] },
    { allocatorStats: { allocatedBytes: 900 * MiB, residentBytes: 1000 * MiB, source: 'redis-info', allocatorName: 'jemalloc-5.3.0' } },
  );
  withProcess(r, { subject: 'app:b', env: { A: '1' } }, { arena64MiBCount: 4 });
  r.metrics.processes.push({ subject: 'ghost:c', rssBytes: 10 * MiB });
  return r;
}

const clone = (r: Report): Report => structuredClone(r);

/** A comparable picture of one fact (functions by what they return). */
function picture(f: Facts, key: FactKey): string {
  const procs = (list: Facts['processes']) => list.map((p) => ({ s: p.subject, c: p.config, m: p.metrics, u: p.systemdUnit }));
  if (key === 'withRuntime') return JSON.stringify(procs(f.processes.filter((p) => p.config.runtimes.length > 0)));
  if (key === 'processes') return JSON.stringify(procs(f.processes));
  if (key === 'capabilities') return JSON.stringify([...f.capabilities]);
  if (key === 'filesystems') return JSON.stringify([...f.filesystems]);
  return JSON.stringify(f[key]);
}

/**
 * One change per fact key. `history` is not part of a report (earlier samples are loaded beside it): null here, and
 * covered by the cadence test below.
 */
const CHANGES: { readonly [K in FactKey]: ((r: Report) => void) | null } = {
  collectedAt: (r) => (r.collectedAt = '2026-11-01T00:05:00.000Z'),
  processMetrics: (r) => (r.metrics.processes[2].rssBytes = 40 * MiB),
  history: null,
  memTotalBytes: (r) => (r.configuration.memory.memTotalBytes = 32 * GiB),
  swapTotalBytes: (r) => (r.configuration.memory.swapTotalBytes = GiB),
  commitLimitBytes: (r) => (r.metrics.commitLimitBytes = 16 * GiB),
  committedAsBytes: (r) => (r.metrics.committedAsBytes = 6 * GiB),
  overcommitMemory: (r) => (r.configuration.vm.overcommitMemory = 2),
  maxMapCount: (r) => (r.configuration.vm.maxMapCount = 262_144),
  thpEnabled: (r) => (r.configuration.thp.enabled = 'always'),
  cpuPossible: (r) => (r.configuration.cpu.possible = '0-15'),
  cpuPresent: (r) => (r.configuration.cpu.present = '0-15'),
  cpuOnline: (r) => (r.configuration.cpu.online = '0-6'),
  onlineCount: (r) => (r.configuration.cpu.onlineCount = 4),
  userVaBits: (r) => (r.configuration.cpu.userVirtualAddressBits = 39),
  qemuEmulated: (r) => (r.configuration.virtualization.qemuEmulated = true),
  kvmAccelerated: (r) => (r.configuration.virtualization.kvmAccelerated = false),
  hostMemoryMaxBytes: (r) => (r.configuration.cgroup!.memoryMaxBytes = 4 * GiB),
  hotplugEvents: (r) => r.metrics.cpuHotplug!.events.push({ cpu: 7, action: 'online', atSecondsSinceBoot: 500, bootId: null, source: 'kmsg' }),
  hotplugWindow: (r) => (r.metrics.cpuHotplug!.windowStartSecondsSinceBoot = 50),
  bootId: (r) => (r.configuration.host.bootId = '0b5e1d2c-0000-4000-8000-000000000002'),
  bootTimeEpochSeconds: (r) => (r.configuration.host.bootTimeEpochSeconds = 1_790_000_500),
  capabilities: (r) => r.agent.capabilities.push('envoy-admin'),
  processes: (r) => (r.configuration.processes[1].env = { A: '2' }),
  filesystems: (r) => (r.metrics.filesystems[0].availableBytes = 2 * GiB),
  withRuntime: (r) => (r.configuration.processes[0].runtimes = [{ kind: 'redis', version: '7.4.0' }]),
};

/** One change per field of a process's metrics, on the Redis, far beyond any tolerance. */
const FIELD_CHANGES: Record<ProcessMetricField, (m: Report['metrics']['processes'][number]) => void> = {
  rssBytes: (m) => (m.rssBytes = 3 * GiB),
  threads: (m) => (m.threads = 64),
  arena64MiBCount: (m) => (m.arena64MiBCount = 40),
  allocatorStats: (m) => (m.allocatorStats = { ...m.allocatorStats!, residentBytes: 3000 * MiB }),
  aeronDir: (m) => (m.aeronDir = { resolvedPath: '/dev/shm/aeron', exists: true, readable: true }),
  envoyAdmin: (m) => (m.envoyAdmin = { serverConcurrency: 4, wasmV8Active: 10 }),
  pid: (m) => (m.pid = 4242),
  startTimeSecondsSinceBoot: (m) => (m.startTimeSecondsSinceBoot = 9000),
};

const changedRules = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a)
    .filter((id) => a[id] !== b[id])
    .sort();

describe('incremental evaluation: which rules a change re-runs', () => {
  const before = base();
  const digests = ruleInputDigestsOf(CATALOGUE, before);
  const facts = buildFacts(before);

  for (const key of FACT_KEYS) {
    it(`a change of ${key} re-runs exactly the rules that declare it${FACT_SOURCES[key].clock ? ' (on the history cadence)' : ''}`, () => {
      const change = CHANGES[key];
      const readers = CATALOGUE.filter((r) => (r.inputs as readonly FactKey[]).includes(key)).map((r) => r.id);
      if (!change) {
        assert.ok(FACT_SOURCES[key].clock, `${key} is not part of a report`);
        // Earlier samples are no digest's input: their readers are periodic, and run when due.
        assert.ok(readers.every((id) => isPeriodic(CATALOGUE.find((r) => r.id === id)!)));
        return;
      }
      const after = clone(before);
      change(after);
      // The change moves this fact and no other (withRuntime's processes are processes too).
      const moved = FACT_KEYS.filter((k) => picture(facts, k) !== picture(buildFacts(after), k));
      assert.deepEqual(moved, key === 'withRuntime' ? ['processes', 'withRuntime'] : [key]);
      const expected = FACT_SOURCES[key].clock
        ? []
        : CATALOGUE.filter((r) => r.inputs.some((k) => (moved as FactKey[]).includes(k)))
            .map((r) => r.id)
            .sort();
      const now = ruleInputDigestsOf(CATALOGUE, after);
      assert.deepEqual(changedRules(digests, now), expected);
      assert.deepEqual(planRun(CATALOGUE, now, digests, { contextChanged: false, periodicDue: false }).ruleIds?.sort(), expected);
      if (FACT_SOURCES[key].clock) {
        // Due, every periodic rule runs, and so every rule reading the clock.
        const due = planRun(CATALOGUE, now, digests, { contextChanged: false, periodicDue: true }).ruleIds!;
        assert.ok(readers.length > 0 && readers.every((id) => due.includes(id)));
      }
      const hostDigest = (r: Report) => inputsDigestOf(CATALOGUE, { configurationHash: JSON.stringify(r.configuration), metrics: r.metrics, labels: r.labels });
      assert.equal(hostDigest(after) !== hostDigest(before), expected.length > 0, 'the host digest moves exactly when some rule must run');
    });
  }

  for (const field of PROCESS_METRIC_FIELDS) {
    it(`a change of a process's ${field} re-runs exactly the rules that judge it`, () => {
      const after = clone(before);
      FIELD_CHANGES[field](after.metrics.processes[0]);
      const expected = CATALOGUE.filter(
        (r) =>
          r.inputs.some((k) => FACT_SOURCES[k].processMetrics) &&
          (r.metrics?.process === undefined || (r.metrics.process[field] !== undefined && r.metrics.process[field] !== 'evidence')),
      )
        .map((r) => r.id)
        .sort();
      assert.deepEqual(changedRules(digests, ruleInputDigestsOf(CATALOGUE, after)), expected);
    });
  }

  it('runs none for a report that changes nothing, and every rule when the context changed', () => {
    const same = ruleInputDigestsOf(CATALOGUE, clone(before));
    assert.deepEqual(planRun(CATALOGUE, same, digests, { contextChanged: false, periodicDue: false }), { ruleIds: [], periodicRan: false });
    assert.deepEqual(planRun(CATALOGUE, same, digests, { contextChanged: true, periodicDue: false }), { ruleIds: null, periodicRan: true });
    assert.deepEqual(planRun(CATALOGUE, same, null, { contextChanged: false, periodicDue: false }).ruleIds, null);
  });

  it('a label change (they select silences) changes the host digest and every rule digest: every rule runs', () => {
    const relabelled = { ...clone(before), labels: { ...before.labels, team: 'edge' } };
    const input = (r: Report) => ({ configurationHash: 'c'.repeat(64), metrics: r.metrics, labels: r.labels });
    assert.notEqual(inputsDigestOf(CATALOGUE, input(relabelled)), inputsDigestOf(CATALOGUE, input(before)));
    assert.deepEqual(changedRules(digests, ruleInputDigestsOf(CATALOGUE, relabelled)), CATALOGUE.map((r) => r.id).sort());
  });

  it('a new catalogue revision changes the host digest and every rule digest: every rule runs', () => {
    const bumped = CATALOGUE.map((r, i) => (i === 0 ? { ...r, version: r.version + 1 } : r));
    const input = { configurationHash: 'c'.repeat(64), metrics: before.metrics, labels: before.labels };
    assert.notEqual(inputsDigestOf(bumped, input), inputsDigestOf(CATALOGUE, input));
    const now = ruleInputDigestsOf(bumped, before);
    assert.deepEqual(changedRules(digests, now), CATALOGUE.map((r) => r.id).sort());
  });

  it('quantises on a log grid: a move beyond the tolerance always changes the cell', () => {
    for (const x of [1, 7, 1000, 123_456_789, 3.5 * GiB]) {
      assert.notEqual(quantise(x, 0.05), quantise(x * 1.0501, 0.05));
      assert.notEqual(quantise(x, 0.05), quantise(x / 1.0501, 0.05));
    }
    const centre = 1.05 ** 400.5;
    assert.equal(quantise(centre, 0.05), quantise(centre * 1.01, 0.05), 'a move within the tolerance away from a line stays');
  });

  it('a move within a tolerance re-runs none, one beyond it the rules that declared it', () => {
    const after = clone(before);
    const redis = after.metrics.processes[0];
    redis.allocatorStats = { ...redis.allocatorStats!, residentBytes: 1.001 * redis.allocatorStats!.residentBytes };
    after.metrics.committedAsBytes = after.metrics.committedAsBytes! + 1; // within 2%
    after.metrics.cpuHotplug!.windowEndSecondsSinceBoot = 86_700; // not read by any rule
    assert.deepEqual(changedRules(digests, ruleInputDigestsOf(CATALOGUE, after)), []);
    redis.allocatorStats = { ...redis.allocatorStats, residentBytes: 1.2 * redis.allocatorStats.residentBytes };
    assert.deepEqual(changedRules(digests, ruleInputDigestsOf(CATALOGUE, after)), ['allocator-fragmentation']);
  });
});

describe('declared metric readings hold: a field a rule does not judge does not change its verdict', () => {
  const reports = [base(), ...Array.from({ length: 60 }, (_, i) => generateReport(i))];
  for (const rule of CATALOGUE.filter((r) => r.metrics?.process)) {
    it(rule.id, () => {
      const judged = rule.metrics!.process!;
      for (const report of reports) {
        const after = clone(report);
        for (const p of after.metrics.processes) {
          for (const f of PROCESS_METRIC_FIELDS) {
            const reading = judged[f];
            if (reading === undefined || reading === 'evidence') delete (p as Record<string, unknown>)[f];
          }
        }
        const verdicts = (r: Report) =>
          evaluateWith([rule], r).map((x) => (rule.metrics!.process && Object.values(judged).includes('evidence') ? [x.subject, x.outcome, x.severity] : x));
        assert.deepEqual(verdicts(after), verdicts(report), `report ${report.sequence}`);
      }
    });
  }
});

describe('rules scoped to runtimes (onlyWithRuntimes) leave the host digest where they cannot apply', () => {
  const scoped = CATALOGUE.filter((r) => r.onlyWithRuntimes);

  it('the Wasmtime rule is scoped, and only to Spin and Wasmtime', () => {
    assert.deepEqual(
      scoped.map((r) => [r.id, r.onlyWithRuntimes]),
      [['wasmtime-pooling-unsupported-host', ['spin', 'wasmtime']]],
    );
  });

  it('committed memory moves the digest of a host with Wasmtime, and not of one without', () => {
    const withoutWasm = base();
    const withWasm = base();
    withProcess(withWasm, { subject: 'spin:/usr/bin/spin|', runtimes: [{ kind: 'wasmtime', version: '25.0.0' }] }, { rssBytes: 50 * MiB });
    for (const r of [withoutWasm, withWasm]) {
      const moved = clone(r);
      moved.metrics.committedAsBytes = r.metrics.committedAsBytes! * 1.5;
      const digest = (x: Report) =>
        inputsDigestOf(CATALOGUE, { configurationHash: 'c'.repeat(64), metrics: x.metrics, labels: x.labels, runtimeKinds: runtimeKindsOf(x.configuration) });
      assert.equal(digest(moved) !== digest(r), r === withWasm, r === withWasm ? 'with Wasmtime' : 'without Wasmtime');
      // Without the kinds (the old callers), every rule's metrics count.
      assert.notEqual(
        inputsDigestOf(CATALOGUE, { configurationHash: 'c'.repeat(64), metrics: moved.metrics, labels: r.labels }),
        inputsDigestOf(CATALOGUE, { configurationHash: 'c'.repeat(64), metrics: r.metrics, labels: r.labels }),
      );
    }
  });

  // The scope is a promise about the rule's verdicts: on a host without those runtimes, no metric changes them.
  const reports = [base(), ...Array.from({ length: 60 }, (_, i) => generateReport(i))];
  for (const rule of scoped) {
    it(`${rule.id}: the same verdicts whatever the metrics on a host without ${rule.onlyWithRuntimes!.join(' or ')}`, () => {
      let checked = 0;
      for (const report of reports) {
        if (rule.onlyWithRuntimes!.some((k) => runtimeKindsOf(report.configuration).has(k))) continue;
        checked++;
        const after = clone(report);
        for (const key of FACT_KEYS) if (FACT_SOURCES[key].metric && key !== 'hotplugEvents') CHANGES[key]?.(after);
        after.metrics.committedAsBytes = 1;
        after.metrics.commitLimitBytes = 1;
        assert.deepEqual(evaluateWith([rule], after), evaluateWith([rule], report), `report ${report.sequence}`);
      }
      assert.ok(checked > 10, 'enough reports without the runtimes');
    });
  }
});
