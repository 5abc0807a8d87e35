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
    // The fixture's JVM runs in a Kubernetes pod: its environment is the workload's.
    const step = r.remediation[0];
    assert.equal(step.key, 'jvm.max-heap-in-kubernetes');
    assert.match(
      step.text,
      /^On this JDK \(1\.8\.0_181\) set `-Xmx1536m` \(75% of the 2\.00 GiB limit, leaving room for metaspace, threads and direct buffers\); on 8u191\+ use `-XX:MaxRAMPercentage=75` instead/,
    );
    assert.deepEqual([step.commands, step.template], [['kubectl set env WORKLOAD JAVA_TOOL_OPTIONS=-Xmx1536m'], true]);
    assert.match(step.text, /Replace WORKLOAD with the workload that runs this pod, e\.g\. deployment\/NAME/);
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
        ['jvm.max-heap-in-kubernetes', 'fixes'],
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
        ['jvm.max-heap-in-kubernetes', 'fixes'],
        ['jvm.upgrade', 'fixes'],
      ],
    );
  });

  it('gives a heap command that takes effect where the JVM starts: its systemd unit, its container, else a template', () => {
    const unit = only(runRule(rule, jvmHost('1.8.0_181', { cgroupPath: '/system.slice/billing.service', systemdUnit: 'billing.service' })));
    const inUnit = unit.remediation.find((s) => s.key === 'jvm.max-ram-percentage')!;
    assert.deepEqual(inUnit.commands, [
      'systemctl edit billing.service  # [Service] Environment=JAVA_TOOL_OPTIONS=-Xmx1536m',
      'systemctl restart billing.service',
    ]);
    assert.equal(inUnit.template, undefined);
    // Options already in JAVA_TOOL_OPTIONS are kept: the drop-in replaces the whole variable.
    const kept = only(
      runRule(
        rule,
        jvmHost('1.8.0_181', {
          cgroupPath: '/system.slice/billing.service',
          systemdUnit: 'billing.service',
          env: { JAVA_TOOL_OPTIONS: '-Dfile.encoding=UTF-8' },
        }),
      ),
    );
    assert.equal(
      kept.remediation[0].commands?.[0],
      'systemctl edit billing.service  # [Service] Environment="JAVA_TOOL_OPTIONS=-Dfile.encoding=UTF-8 -Xmx1536m"',
    );
    const docker = only(
      runRule(
        rule,
        jvmHost('1.8.0_181', {
          cgroupPath: '/system.slice/docker-0123456789abcdef.scope',
          containerId: '0123456789abcdef',
          systemdUnit: 'docker-0123456789abcdef.scope',
        }),
      ),
    );
    const inContainer = docker.remediation[0];
    assert.deepEqual([inContainer.key, inContainer.commands], ['jvm.max-heap-in-container', undefined]);
    assert.match(inContainer.text, /container 0123456789ab, whose environment is fixed when it is created: add `-e JAVA_TOOL_OPTIONS=-Xmx1536m`/);
    const unknown = only(runRule(rule, jvmHost('1.8.0_181', { cgroupPath: '/user.slice' })));
    const template = unknown.remediation[0];
    assert.deepEqual(
      [template.commands, template.template],
      [['systemctl edit UNIT  # [Service] Environment=JAVA_TOOL_OPTIONS=-Xmx1536m', 'systemctl restart UNIT'], true],
    );
    assert.match(template.text, /Replace UNIT with the systemd unit that starts this JVM \(or add the option to its command line wherever it is started\)\.$/);
    assert.ok(
      [unit, docker, unknown, only(runRule(rule, jvmHost('1.8.0_181')))].every((r) =>
        r.remediation.every((s) => !(s.commands ?? []).some((c) => c.startsWith('JAVA_TOOL_OPTIONS='))),
      ),
      'no bare assignment, which does nothing pasted into a shell',
    );
  });

  it('says the max heap is "not set" when the command line was read without -Xmx, and unknown only when it was not read', () => {
    const heap = (cmdline: string | null) => only(runRule(rule, jvmHost('1.8.0_181', { cmdline }))).evidence.find((e) => e.key === 'maxHeapBytes');
    assert.deepEqual(heap('java -jar app.jar'), { key: 'maxHeapBytes', label: 'Explicit max heap (-Xmx)', value: 'not set', unit: 'text' });
    assert.deepEqual(heap(null), { key: 'maxHeapBytes', label: 'Explicit max heap (-Xmx)', value: null, unit: 'bytes' });
  });

  it('is not evaluated without a Java version, and not applicable without a JVM', () => {
    assert.equal(only(runRule(rule, jvmHost(null))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
