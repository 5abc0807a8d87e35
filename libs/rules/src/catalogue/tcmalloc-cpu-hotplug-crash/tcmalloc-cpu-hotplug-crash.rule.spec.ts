import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CPUS, sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { tcmallocCpuHotplugCrash as rule } from './tcmalloc-cpu-hotplug-crash.rule';
import { cpusAddedAfterStart, cpusAddedBeforeStart, ENVOY, hotplugHost } from './fixtures/hotplug-hosts.fixture';

describe('tcmalloc-cpu-hotplug-crash', () => {
  it('reproduces tcmalloc#267: Envoy 1.25.9 with CPUs 2–3 onlined after it started is critical', () => {
    const r = only(runRule(rule, cpusAddedAfterStart()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [ENVOY, 'hit', 'critical']);
    assert.equal(r.summary, 'CPUs 2, 3 came online after Envoy 1.25.9 started (at 100 s since boot): its per-CPU caches were sized for fewer CPUs.');
    assert.equal(r.evidence.find((e) => e.key === 'lateCpus')?.value, '2@500s (kmsg), 3@501s (kmsg)');
    assert.match(remediationText(r, 'process.pin-online-cpus'), /taskset -c 0-3 \/usr\/local\/bin\/envoy/);
    assert.match(remediationText(r, 'envoy.build-gperftools'), /--define tcmalloc=gperftools/);
    assert.equal(
      remediationText(r, 'process.restart-after-hot-add'),
      'Restart the process after any CPU hot-add\nA restart sizes the per-CPU caches for the 4 CPUs online now (0-3); make it part of the hot-add procedure, and restart this one now.\nsystemctl restart <unit>',
    );
    assert.match(remediationText(r, 'envoy.upgrade-tcmalloc'), /likely 1\.34 \(unconfirmed upstream\)\. This process runs 1\.25\.9\./);
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['process.restart-after-hot-add', 'envoy.upgrade-tcmalloc', 'envoy.build-gperftools', 'process.pin-online-cpus'],
    );
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
    assert.match(r.summary, /the online CPU set 0-1,3 has gaps/);
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
    assert.match(String(r.evidence.find((e) => e.key === 'lateCpus')?.value), /3@500s \(report-diff\)/);
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
    const late = String(r.evidence.find((e) => e.key === 'lateCpus')?.value).split(', ');
    assert.ok(late.length <= MAX_CPUS - 1, `at most one entry per CPU: ${late.length}`);
    assert.equal(new Set(late.map((l) => l.split('@')[0])).size, late.length);
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
