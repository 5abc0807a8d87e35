import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { jvmContainerUnaware as rule, lacksContainerSupport } from './jvm-container-unaware.rule';
import { JVM, jvmHost } from './fixtures/jvm-hosts.fixture';

describe('jvm-container-unaware', () => {
  it('places the boundary at 8u191', () => {
    assert.deepEqual(['1.8.0_181', '1.8.0_190', '1.8.0_191', '1.8.0_292', '9.0.4', '11.0.2', '17.0.9', '1.7.0_80'].map(lacksContainerSupport), [
      true,
      true,
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('warns for JDK 8u181 in a 2 GiB limit on a 16 GiB host, with the heap this limit needs', () => {
    const r = only(runRule(rule, jvmHost('1.8.0_181')));
    assert.deepEqual([r.subject, r.severity], [JVM, 'warning']);
    assert.equal(r.summary, 'Java 1.8.0_181 ignores its 2.00 GiB cgroup limit: its default heap is 4.00 GiB (¼ of 16.00 GiB host RAM).');
    assert.equal(
      remediationText(r, 'jvm.max-ram-percentage'),
      'Size the heap from the limit: -Xmx1536m\nOn this JDK (1.8.0_181) set `-Xmx1536m` (75% of the 2.00 GiB limit, leaving room for metaspace, threads and direct buffers); ' +
        'on 8u191+ use `-XX:MaxRAMPercentage=75` instead, which follows the limit.\nJAVA_TOOL_OPTIONS=-Xmx1536m',
    );
    assert.deepEqual(
      r.evidence.map((e) => [e.key, e.value]),
      [
        ['javaVersion', '1.8.0_181'],
        ['limitBytes', 2 * 1024 ** 3],
        ['hostRamBytes', 16 * 1024 ** 3],
        ['maxHeapBytes', null],
      ],
    );
  });

  it('passes 8u191, an explicit -Xmx, or no limit; warns for -XX:-UseContainerSupport on a modern JDK', () => {
    assert.equal(only(runRule(rule, jvmHost('1.8.0_191'))).outcome, 'pass');
    assert.equal(only(runRule(rule, jvmHost('1.8.0_181', { maxHeapBytes: 1024 ** 3 }))).outcome, 'pass');
    assert.equal(only(runRule(rule, jvmHost('1.8.0_181', { limitGiB: null }))).outcome, 'pass');
    const off = only(runRule(rule, jvmHost('17.0.9', { useContainerSupport: false })));
    assert.equal(off.severity, 'warning');
    // JDK 17 has container support: the fix is dropping the flag, not an upgrade.
    assert.deepEqual(
      off.remediation.map((s) => [s.key, s.effect]),
      [
        ['jvm.max-ram-percentage', 'fixes'],
        ['jvm.enable-container-support', 'fixes'],
      ],
    );
    assert.match(remediationText(off, 'jvm.enable-container-support'), /^Drop -XX:-UseContainerSupport\nJava 17\.0\.9 reads cgroup memory/);
    const oldOff = only(runRule(rule, jvmHost('1.8.0_181', { useContainerSupport: false })));
    assert.match(remediationText(oldOff, 'jvm.upgrade'), /, and drop -XX:-UseContainerSupport/);
  });

  it('writes no number for the default heap when host RAM is unknown (snapshot)', () => {
    const report = jvmHost('1.8.0_181');
    report.configuration.memory.memTotalBytes = null;
    const r = only(runRule(rule, report));
    assert.equal(r.summary, 'Java 1.8.0_181 ignores its 2.00 GiB cgroup limit: its default heap is a quarter of host RAM, not of the limit.');
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['jvm.max-ram-percentage', 'fixes'],
        ['jvm.upgrade', 'fixes'],
      ],
    );
  });

  it('is not evaluated without a Java version, and not applicable without a JVM', () => {
    assert.equal(only(runRule(rule, jvmHost(null))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
