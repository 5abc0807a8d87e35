import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatEvidence, MAX_CPUS, sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { tcmallocCpuHotplugCrash as rule } from './tcmalloc-cpu-hotplug-crash.rule';
import { cpu6AddedTwiceLogged, cpusAddedAfterStart, cpusAddedBeforeStart, ENVOY, hotplugHost } from './fixtures/hotplug-hosts.fixture';

describe('tcmalloc-cpu-hotplug-crash', () => {
  it('reproduces tcmalloc#267: Envoy 1.25.9 with CPUs 2–3 onlined after it started is critical', () => {
    const r = only(runRule(rule, cpusAddedAfterStart()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [ENVOY, 'hit', 'critical']);
    assert.equal(
      r.summary,
      'Envoy 1.25.9 started 2026-09-21 14:15 UTC, 100 s after boot, and CPUs 2, 3 came online later: its per-CPU caches were sized for fewer CPUs.',
    );
    assert.equal(
      r.evidence.find((e) => e.key === 'lateCpus')?.value,
      'CPU 2 at 2026-09-21 14:21 UTC, 500 s after boot (kmsg); CPU 3 at 2026-09-21 14:21 UTC, 501 s after boot (kmsg)',
    );
    assert.match(remediationText(r, 'envoy.build-gperftools'), /--define tcmalloc=gperftools/);
    assert.equal(
      remediationText(r, 'process.restart-after-hot-add'),
      'Restart the process after any CPU hot-add\nA restart sizes the per-CPU caches for the 4 CPUs online now (0-3); the allocator still sizes them only once, so the next hot-add needs another restart: ' +
        'make it part of the hot-add procedure, and restart this one now. Replace UNIT with the systemd unit that starts Envoy 1.25.9.\nsystemctl restart UNIT',
    );
    assert.match(remediationText(r, 'envoy.upgrade-tcmalloc'), /likely 1\.34 \(unconfirmed upstream\)\. This process runs 1\.25\.9\./);
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['process.restart-after-hot-add', 'mitigates'],
        ['envoy.upgrade-tcmalloc', 'fixes'],
        ['envoy.build-gperftools', 'fixes'],
        ['process.pin-online-cpus', 'mitigates'],
      ],
    );
  });

  it('names a CPU the kernel logged twice (hot-added, then booted) once, in the summary and the evidence', () => {
    const r = only(runRule(rule, cpu6AddedTwiceLogged()));
    assert.equal(r.severity, 'critical');
    assert.match(r.summary, /, and CPU 6 came online later: /);
    assert.equal(r.evidence.find((e) => e.key === 'lateCpus')?.value, 'CPU 6 at 2026-09-21 15:36 UTC, 5001 s after boot (kmsg)');
  });

  it('pins with the process’s own command line, so the pinned start keeps its config', () => {
    const pin = only(runRule(rule, cpu6AddedTwiceLogged())).remediation.find((s) => s.key === 'process.pin-online-cpus')!;
    assert.deepEqual([pin.commands, pin.template], [['taskset -c 0-5 /usr/local/bin/envoy -c /etc/envoy/envoy.yaml --concurrency 4'], undefined]);
    const unread = only(runRule(rule, cpu6AddedTwiceLogged({ cmdline: null }))).remediation.find((s) => s.key === 'process.pin-online-cpus')!;
    assert.deepEqual([unread.commands, unread.template], [['taskset -c 0-5 COMMAND'], true]);
    assert.match(unread.text, /Replace COMMAND with the full command line that starts Envoy 1\.25\.9 \(program and all its arguments\)\.$/);
    const redacted = only(runRule(rule, cpu6AddedTwiceLogged({ cmdline: '/usr/local/bin/envoy --admin-token ***' }))).remediation.find(
      (s) => s.key === 'process.pin-online-cpus',
    )!;
    assert.deepEqual(redacted.commands, ['taskset -c 0-5 COMMAND'], 'a redacted command line would not start it');
  });

  it('pins a systemd unit with CPUAffinity= and a container with --cpuset-cpus, never with a bare taskset', () => {
    const unitReport = cpu6AddedTwiceLogged();
    unitReport.configuration.processes[0].systemdUnit = 'edge-envoy.service';
    const unit = only(runRule(rule, unitReport)).remediation;
    assert.deepEqual(unit.find((s) => s.key === 'process.pin-unit')?.commands, [
      'systemctl edit edge-envoy.service  # [Service] CPUAffinity=0-5',
      'systemctl restart edge-envoy.service',
    ]);
    const boxed = cpu6AddedTwiceLogged();
    boxed.configuration.processes[0].containerId = '0123456789ab'.padEnd(64, 'c');
    const box = only(runRule(rule, boxed)).remediation;
    assert.deepEqual(box.find((s) => s.key === 'process.pin-container')?.commands, [
      'docker update --cpuset-cpus=0-5 0123456789ab',
      'docker restart 0123456789ab',
    ]);
    for (const steps of [unit, box]) assert.ok(!steps.some((s) => (s.commands ?? []).some((c) => c.startsWith('taskset'))));
  });

  it('reads Cpus_allowed_list: already pinned within the CPUs online at start, it advises no pin and is a warning, not critical', () => {
    const r = only(runRule(rule, cpu6AddedTwiceLogged({ cpusAllowed: '0-5' })));
    assert.equal(r.severity, 'warning');
    assert.equal(r.evidence.find((e) => e.key === 'cpusAllowed')?.value, '0-5');
    assert.match(r.summary, /Its CPU affinity \(0-5\) already keeps it on CPUs online when it started/);
    assert.ok(!r.remediation.some((s) => s.key.startsWith('process.pin')), r.remediation.map((s) => s.key).join());
    const waiting = only(runRule(rule, hotplugHost({ possible: '0-7', online: '0-3', cpusAllowed: '0-2' })));
    assert.equal(waiting.severity, 'info', 'pinned, a future hot-add does not reach it');
    // Every online CPU is what an unpinned task has: a hot-added CPU joins it.
    assert.equal(only(runRule(rule, hotplugHost({ possible: '0-7', online: '0-3', cpusAllowed: '0-3' }))).severity, 'warning');
    // Affinity wider than the start set (CPU 6 included) is no pin.
    assert.equal(only(runRule(rule, cpu6AddedTwiceLogged({ cpusAllowed: '0-6' }))).severity, 'critical');
  });

  it('labels the start time so the wall-clock rendering reads naturally', () => {
    const row = only(runRule(rule, cpusAddedAfterStart())).evidence.find((e) => e.key === 'processStart')!;
    assert.equal(row.label, 'Process started (time since boot)');
    assert.equal(formatEvidence(row, { bootTimeEpochSeconds: 1_790_000_000 }), '2026-09-21 14:15 UTC, 100 s after boot');
  });

  it('pins to the CPUs online when the process started (0-1), not those online now (0-3), and says it helps from the next start', () => {
    const report = cpusAddedAfterStart();
    report.configuration.processes[0].systemdUnit = 'envoy.service';
    const r = only(runRule(rule, report));
    assert.equal(r.evidence.find((e) => e.key === 'onlineAtStart')?.value, '0-1');
    const pin = r.remediation.find((s) => s.key === 'process.pin-unit')!;
    assert.deepEqual(pin.commands, ['systemctl edit envoy.service  # [Service] CPUAffinity=0-1', 'systemctl restart envoy.service']);
    assert.equal(
      pin.text,
      'It started 2026-09-21 14:15 UTC, 100 s after boot with CPUs 0-1 usable for its per-CPU caches: add `CPUAffinity=0-1` to the [Service] section of a drop-in for envoy.service ' +
        'so it never runs on a CPU added later. Pinning only helps from the next start; the running process keeps its caches and its current CPUs.',
    );
    assert.equal(pin.template, undefined);
    assert.deepEqual(r.remediation[0].commands, ['systemctl restart envoy.service']);
  });

  it('undoes a CPU taken offline after the start, and restarts a container when there is no unit', () => {
    const report = cpusAddedAfterStart();
    report.metrics.cpuHotplug!.events.push({
      cpu: 1,
      action: 'offline',
      atSecondsSinceBoot: 600,
      bootId: report.metrics.cpuHotplug!.events[0].bootId,
      source: 'sample',
    });
    report.configuration.cpu.online = '0,2-3';
    report.configuration.processes[0].containerId = 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc';
    const r = only(runRule(rule, report));
    assert.equal(r.evidence.find((e) => e.key === 'onlineAtStart')?.value, '0-1');
    assert.deepEqual(r.remediation.find((s) => s.key === 'process.pin-container')?.commands?.[0], 'docker update --cpuset-cpus=0-1 c0ffee001122');
    assert.deepEqual(
      r.remediation.find((s) => s.key === 'process.restart-after-hot-add'),
      undefined,
      'gaps now: a restart does not help',
    );
    const noGaps = cpusAddedAfterStart();
    noGaps.configuration.processes[0].containerId = 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc';
    assert.deepEqual(only(runRule(rule, noGaps)).remediation[0].commands, ['docker restart c0ffee001122']);
  });

  it('says in words that the CPUs at start are unknown when the record does not reach back to the start (snapshot)', () => {
    const report = cpusAddedAfterStart();
    report.metrics.cpuHotplug!.windowStartSecondsSinceBoot = 300;
    report.configuration.host.bootTimeEpochSeconds = null;
    const r = only(runRule(rule, report));
    assert.equal(r.summary, 'Envoy 1.25.9 started 100 s after boot, and CPUs 2, 3 came online later: its per-CPU caches were sized for fewer CPUs.');
    assert.equal(r.evidence.find((e) => e.key === 'onlineAtStart')?.value, null);
    const pin = r.remediation.find((s) => s.key === 'process.pin-online-cpus')!;
    assert.deepEqual([pin.commands, pin.template], [['taskset -c CPUS /usr/local/bin/envoy -c /etc/envoy/envoy.yaml --concurrency 2'], true]);
    assert.equal(
      pin.text,
      'The hot-plug record does not reach back to when it started, so the agent cannot tell which CPUs were online then: start it the way it is started now, under `taskset -c CPUS`, ' +
        'so it never runs on a CPU added later. Pinning only helps from the next start; the running process keeps its caches and its current CPUs. ' +
        'Replace CPUS with the CPUs that were online when Envoy 1.25.9 started, as a list such as 0-1 (only ids below their count).',
    );
  });

  it('labels the Envoy version as what it is, not as the allocator', () => {
    const r = only(runRule(rule, cpusAddedAfterStart()));
    assert.deepEqual(
      r.evidence.find((e) => e.key === 'envoyVersion'),
      {
        key: 'envoyVersion',
        label: 'Envoy version (bundles Google TCMalloc)',
        value: '1.25.9',
        unit: 'text',
      },
    );
    assert.ok(!r.evidence.some((e) => e.label === 'Allocator' && String(e.value).startsWith('Envoy')));
  });

  it('is not evaluated when CPUs came online this boot but the process start time is unknown', () => {
    const report = cpusAddedAfterStart();
    report.metrics.processes[0].startTimeSecondsSinceBoot = null;
    const r = only(runRule(rule, report));
    assert.deepEqual([r.outcome, r.missing?.[0].fact], ['not-evaluated', 'metrics.processes[].startTimeSecondsSinceBoot']);
  });

  it('ignores CPUs onlined during an earlier boot', () => {
    const report = cpusAddedAfterStart();
    for (const e of report.metrics.cpuHotplug!.events) e.bootId = 'an-earlier-boot';
    assert.equal(only(runRule(rule, report)).outcome, 'pass');
  });

  it('passes when the hot-add happened before the process started and the sets are complete', () => {
    assert.equal(only(runRule(rule, cpusAddedBeforeStart())).outcome, 'pass');
  });

  it('is critical when the online set has gaps', () => {
    const r = only(runRule(rule, hotplugHost({ possible: '0-3', online: '0-1,3' })));
    assert.equal(r.summary, 'The online CPU set 0-1,3 has gaps: its per-CPU caches were sized for fewer CPUs.');
    // Three CPUs online at start size the caches for ids 0–2: CPU 3 is unsafe even though it was online.
    assert.deepEqual(
      r.remediation.find((s) => s.key === 'process.pin-online-cpus')?.commands?.[0],
      'taskset -c 0-1 /usr/local/bin/envoy -c /etc/envoy/envoy.yaml --concurrency 2',
    );
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['envoy.upgrade-tcmalloc', 'envoy.build-gperftools', 'process.pin-online-cpus'],
      'a restart or possible_cpus= leaves the gap',
    );
  });

  it('warns when the host can hot-add but has not, and says when the record misses part of the process life', () => {
    const r = only(runRule(rule, hotplugHost({ possible: '0-7', online: '0-3' })));
    assert.deepEqual([r.severity, r.summary], ['warning', 'The host can hot-add CPUs (possible 0-7, online 0-3); Envoy 1.25.9 would crash on the first one.']);
    const partial = only(runRule(rule, hotplugHost({ possible: '0-7', online: '0-3', windowStart: 5000 })));
    assert.match(partial.summary, /does not cover the whole life of the process/);
    assert.match(remediationText(r, 'kernel.possible-cpus'), /possible_cpus=4.*possible is 0-7/s);
  });

  it('finds a CPU added between two reports after the process started', () => {
    const report = hotplugHost({ possible: '0-3', online: '0-3' });
    const bootEpoch = report.configuration.host.bootTimeEpochSeconds!;
    const history = [{ sequence: 1, collectedAt: new Date((bootEpoch + 200) * 1000).toISOString(), cpuOnline: '0-2', metrics: report.metrics }];
    report.collectedAt = new Date((bootEpoch + 500) * 1000).toISOString();
    const r = only(runRule(rule, report, { history }));
    assert.equal(r.severity, 'critical');
    assert.match(String(r.evidence.find((e) => e.key === 'lateCpus')?.value), /CPU 3 at 2026-09-21 14:21 UTC, 500 s after boot \(report-diff\)/);
  });

  it('names each late CPU once when every stored sample flips between 1 and MAX_CPUS online CPUs', () => {
    const all = `0-${MAX_CPUS - 1}`;
    const report = hotplugHost({ possible: all, online: all });
    const bootEpoch = report.configuration.host.bootTimeEpochSeconds!;
    const history = Array.from({ length: 12 }, (_, i) => ({
      sequence: i + 1,
      collectedAt: new Date((bootEpoch + 200 + i * 60) * 1000).toISOString(),
      cpuOnline: i % 2 ? all : '0',
      metrics: report.metrics,
    }));
    report.collectedAt = new Date((bootEpoch + 2000) * 1000).toISOString();
    const r = only(runRule(rule, report, { history }));
    assert.equal(r.severity, 'critical');
    const late = String(r.evidence.find((e) => e.key === 'lateCpus')?.value).split('; ');
    assert.ok(late.length <= MAX_CPUS - 1, `at most one entry per CPU: ${late.length}`);
    assert.equal(new Set(late.map((l) => l.split(' at ')[0])).size, late.length);
  });

  it('passes Envoy ≥ 1.34 and gperftools builds', () => {
    assert.equal(only(runRule(rule, hotplugHost({ version: '1.34.0', events: cpusAddedAfterStart().metrics.cpuHotplug!.events }))).outcome, 'pass');
    assert.equal(
      runRule(rule, hotplugHost({ tcmallocBuild: 'gperftools', events: cpusAddedAfterStart().metrics.cpuHotplug!.events }))[0].outcome,
      'not-applicable',
    );
  });

  it('is not evaluated without the Envoy version, and not applicable without TCMalloc', () => {
    const ne = only(runRule(rule, hotplugHost({ version: null })));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /tcmallocBuild/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
