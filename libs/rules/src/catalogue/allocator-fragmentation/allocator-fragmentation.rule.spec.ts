import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { allocatorFragmentation as rule } from './allocator-fragmentation.rule';
import { redis, SKYNET, skynet, skynetTwiceAllocated } from './fixtures/fragmented.fixture';

describe('allocator-fragmentation', () => {
  it('reproduces the skynet incident: RSS 2× allocated is critical, with pool advice and trace replay', () => {
    const r = only(runRule(rule, skynetTwiceAllocated()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [SKYNET, 'hit', 'critical']);
    assert.equal(r.summary, 'Resident 4.00 GiB for 2.00 GiB allocated: ratio 2.00 (≥ 2): 2.00 GiB held but unused.');
    assert.deepEqual([r.evidence.find((e) => e.key === 'ratio')?.value, r.evidence.find((e) => e.key === 'residentBytes')?.value], [2, 4096 * 1024 * 1024]);
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['pools.share-or-merge', 'allocator.replay-trace'],
    );
    assert.deepEqual(
      r.remediation.map((s) => s.effect),
      ['fixes', 'diagnoses'],
    );
    assert.match(remediationText(r, 'pools.share-or-merge'), /\(2\.00 GiB held but unused here\).*buddy\/size-class/s);
    assert.match(remediationText(r, 'allocator.replay-trace'), /replay the sequence.*trace lab.*resident \/ allocated ratio of 2\.00\./s);
  });

  it('is critical at exactly 2.0, a warning at exactly 1.5 and just under 2.0, and passes just under 1.5', () => {
    assert.equal(only(runRule(rule, skynet(2000, 1000))).severity, 'critical');
    assert.equal(only(runRule(rule, skynet(1500, 1000))).severity, 'warning');
    const under = only(runRule(rule, skynet(1999, 1000)));
    assert.deepEqual([under.severity, under.evidence.find((e) => e.key === 'ratio')?.value], ['warning', 1.999]);
    assert.match(under.summary, /ratio 1\.99 \(≥ 1\.5\)/, 'never rounded up to the critical line');
    assert.equal(only(runRule(rule, skynet(1499, 1000))).outcome, 'pass');
  });

  it('does not judge processes under 256 MiB resident, and judges one at exactly 256 MiB', () => {
    assert.equal(only(runRule(rule, skynet(255, 100))).outcome, 'pass');
    assert.equal(only(runRule(rule, skynet(256, 100))).severity, 'critical');
  });

  it('advises activedefrag and jemalloc purging for a fragmented Redis', () => {
    const r = only(runRule(rule, redis({ residentMiB: 1600, allocatedMiB: 1000 })));
    assert.equal(r.severity, 'warning');
    assert.match(remediationText(r, 'redis.activedefrag'), /CONFIG SET activedefrag yes/);
    assert.match(remediationText(r, 'jemalloc.background-purge'), /MALLOC_CONF=background_thread:true,dirty_decay_ms:1000.*jemalloc-5\.3\.0 here/s);
    assert.match(remediationText(r, 'redis.activedefrag'), /part of the 600\.00 MiB held beyond used_memory/);
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['redis.activedefrag', 'mitigates'],
        ['jemalloc.background-purge', 'mitigates'],
        ['allocator.replay-trace', 'diagnoses'],
      ],
    );
    assert.deepEqual(r.remediation.find((s) => s.key === 'jemalloc.background-purge')?.template, true, 'the unit is unknown here');
  });

  it('offers no activedefrag to a Redis built with libc malloc, which has none', () => {
    const report = redis({ residentMiB: 1600, allocatedMiB: 1000 });
    report.metrics.processes[0].allocatorStats!.allocatorName = 'libc';
    report.configuration.processes[0].allocator = 'glibc';
    report.configuration.processes[0].systemdUnit = 'redis-server.service';
    const r = only(runRule(rule, report));
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['glibc.set-arena-max', 'allocator.replay-trace'],
    );
    assert.deepEqual(r.remediation[0].commands, [
      'systemctl edit redis-server.service  # [Service] Environment=MALLOC_ARENA_MAX=2',
      'systemctl restart redis-server.service',
    ]);
  });

  it('is not evaluated for a Redis whose INFO could not be read, and not applicable without candidates', () => {
    const ne = only(runRule(rule, redis(null)));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /Redis INFO memory reachable/);
    assert.equal(only(runRule(rule, redis({ residentMiB: 500, allocatedMiB: 0 }))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
