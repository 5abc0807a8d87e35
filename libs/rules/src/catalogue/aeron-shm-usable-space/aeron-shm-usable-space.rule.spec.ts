import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { aeronShmUsableSpace as rule, logLength } from './aeron-shm-usable-space.rule';
import { aeronHost, containerDriver, freeButNotUsable, withUsable } from './fixtures/aeron-hosts.fixture';

const MiB = 1024 * 1024;
const LOG_16M = 50_335_744; // align(3 × 16 MiB + 4096, 4096)

describe('aeron-shm-usable-space', () => {
  it('sizes a new log as align(3 × term + 4096, page): 50,335,744 B at 16 MiB and 201,330,688 B at 64 MiB', () => {
    assert.equal(logLength(16 * MiB), LOG_16M);
    assert.equal(logLength(64 * MiB), 201_330_688);
  });

  it('reproduces aeron#1751: 1.40 GiB free but 0 usable is critical, says why, and gives the fixes for free-but-not-usable', () => {
    const r = only(runRule(rule, freeButNotUsable()));
    assert.deepEqual([r.outcome, r.severity], ['hit', 'critical']);
    assert.equal(
      r.summary,
      'Usable space in /dev/shm/aeron is 0 B although 1.40 GiB is free; one new log of a 16.00 MiB term needs 48.00 MiB: Aeron refuses to create it. ' +
        'Usable far below free points at reserved blocks, a quota or another mount namespace, not at the size of the filesystem.',
    );
    assert.equal(r.evidence.find((e) => e.key === 'requiredBytes')?.value, LOG_16M);
    assert.deepEqual(
      ['usableBytes', 'freeBytes', 'totalBytes'].map((k) => r.evidence.find((e) => e.key === k)?.value),
      [0, 1_500_000_000, 2000 * MiB],
    );
    // Growing (let alone "remount,size=545m", smaller than the 1.95 GiB it has) leaves the cause in place; finding it changes nothing.
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [['aeron.usable-below-free-tmpfs', 'diagnoses']],
    );
    assert.ok(!r.remediation.some((s) => (s.commands ?? []).some((c) => /remount|shm-size|tune2fs/.test(c))), 'no size change, no tune2fs');
    const text = remediationText(r, 'aeron.usable-below-free-tmpfs');
    assert.match(text, /^Find why only 0 B of the 1\.40 GiB free in \/dev\/shm is usable\n/);
    assert.match(text, /\/dev\/shm is tmpfs, which keeps no blocks in reserve, so tune2fs does not apply/);
    assert.match(text, /another mount namespace’s \/dev\/shm.*usrquota/);
    assert.ok(!text.includes('tune2fs -m'), text);
    assert.match(text, /\nnsenter -t 1000 -m df -B1 \/dev\/shm\/aeron\nnsenter -t 1000 -m findmnt -T \/dev\/shm\/aeron$/);
  });

  it('in a container, runs its commands on the path the process sees and names the mount, not the directory, as the filesystem', () => {
    const r = only(runRule(rule, containerDriver(1_500_000_000, 0)));
    const step = r.remediation[0];
    assert.deepEqual(step.commands, ['nsenter -t 3100 -m df -B1 /dev/shm/aeron-trader', 'nsenter -t 3100 -m findmnt -T /dev/shm/aeron-trader']);
    assert.ok(!JSON.stringify(r).includes('/proc/3100/root'), 'no host-view path in summary, evidence or steps');
    assert.match(step.title, / free in \/dev\/shm is usable$/);
    assert.match(step.text, /^Growing \/dev\/shm would not help/);
    assert.equal(r.evidence.find((e) => e.key === 'mount')?.value, '/dev/shm');
    const grow = only(runRule(rule, containerDriver(20 * MiB, 20 * MiB))).remediation[0];
    assert.equal(grow.title, 'Give the container’s /dev/shm 589 MiB');
  });

  it('keeps the reserved-blocks advice for a disk filesystem, as a diagnosis', () => {
    const report = withUsable(0, 1_500_000_000);
    report.configuration.processes[0].runtimes[0].aeron!.dir = '/var/lib/aeron';
    Object.assign(report.metrics.processes[0].aeronDir!, { resolvedPath: '/proc/1000/root/var/lib/aeron' });
    report.metrics.processes[0].aeronDir!.usage!.mountPoint = 'aeron:/usr/bin/aeronmd|/dev/shm/aeron:/var';
    const step = only(runRule(rule, report)).remediation[0];
    assert.deepEqual([step.key, step.effect], ['aeron.usable-below-free', 'diagnoses']);
    assert.match(step.text, /ext2\/3\/4: `tune2fs -m 0` on the device findmnt names/);
    assert.match(step.title, / free in \/var is usable$/);
  });

  it('offers no "remove stale directories" step: the only directory it knows is the running driver’s own', () => {
    for (const report of [withUsable(20 * MiB), containerDriver(20 * MiB, 20 * MiB), freeButNotUsable()]) {
      const steps = only(runRule(rule, report)).remediation;
      assert.ok(!steps.some((s) => /stale/i.test(`${s.key} ${s.title}`) || /log buffers in/.test(s.text)), steps.map((s) => s.key).join());
    }
  });

  it('grows a full tmpfs from its current size, never below it, and offers shorter terms only when a shorter log fits', () => {
    const r = only(runRule(rule, withUsable(20 * MiB)));
    assert.equal(r.severity, 'critical');
    // 2000 MiB − 20 MiB in use + 8 × 48.00 MiB + 160 MiB (545 MiB) = 2525 MiB, above the 2000 MiB it has.
    assert.equal(
      remediationText(r, 'aeron.move-dir'),
      'Grow /dev/shm to 2525 MiB (now 1.95 GiB), or move aeron.dir to a larger tmpfs\n2525 MiB keeps what is in use now and adds room for eight 48.00 MiB logs plus the 160.00 MiB low-storage margin: ' +
        '`mount -o remount,size=2525m /dev/shm`, and persist the size= option in /etc/fstab.\nmount -o remount,size=2525m /dev/shm',
    );
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['aeron.move-dir', 'fixes'],
        ['aeron.lower-term-length', 'fixes'],
      ],
    );
    assert.match(
      remediationText(r, 'aeron.lower-term-length'),
      /A 4\.00 MiB term needs 12\.00 MiB per log instead of 48\.00 MiB, which the 20\.00 MiB usable holds/,
    );
    const tiny = only(runRule(rule, withUsable(MiB)));
    assert.ok(!tiny.remediation.some((s) => s.key === 'aeron.lower-term-length'), 'a 12 MiB log does not fit in 1 MiB either');
  });

  it('gives a container the --shm-size fix, sized from the directory’s own statfs, and names what to fill in', () => {
    const report = withUsable(20 * MiB);
    report.configuration.processes[0].containerId = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2';
    const step = only(runRule(rule, report)).remediation[0];
    assert.equal(step.key, 'aeron.grow-shm');
    assert.equal(step.title, 'Give the container’s /dev/shm 2525 MiB');
    assert.deepEqual([step.commands, step.template], [['docker run --shm-size=2525m OPTIONS IMAGE'], true]);
    assert.match(step.text, /^Each new log needs 48\.00 MiB and 20\.00 MiB of 1\.95 GiB is usable; 2525 MiB keeps what is in use now/);
    assert.match(
      step.text,
      /Replace OPTIONS with the options the container runs with today \(name, volumes, environment\), which `docker inspect a1b2c3d4e5f6` shows\. Replace IMAGE with the image the container runs\.$/,
    );
  });

  it('says in words what size to give when the filesystem size is unknown (snapshot)', () => {
    const report = withUsable(20 * MiB);
    report.metrics.processes[0].aeronDir!.usage!.totalBytes = null;
    report.metrics.processes[0].pid = null;
    const r = only(runRule(rule, report));
    assert.equal(
      remediationText(r, 'aeron.move-dir'),
      'Grow /dev/shm to SIZE MiB, or move aeron.dir to a larger tmpfs\nSIZE MiB keeps what is in use now and adds room for eight 48.00 MiB logs plus the 160.00 MiB low-storage margin: ' +
        '`mount -o remount,size=SIZEm /dev/shm`, and persist the size= option in /etc/fstab. Replace SIZE with the current size of /dev/shm in MiB plus 545 (the agent could not read its size).\n' +
        'mount -o remount,size=SIZEm /dev/shm',
    );
    assert.deepEqual(r.remediation.find((s) => s.key === 'aeron.move-dir')?.template, true);
  });

  it('is critical one byte under a log, and only a low-storage warning at exactly one log', () => {
    assert.equal(only(runRule(rule, withUsable(LOG_16M - 1))).severity, 'critical');
    assert.equal(only(runRule(rule, withUsable(LOG_16M))).severity, 'warning');
  });

  it('warns at the 160 MiB low-storage line and passes just above it', () => {
    assert.equal(only(runRule(rule, withUsable(160 * MiB))).severity, 'warning');
    assert.equal(only(runRule(rule, withUsable(160 * MiB + 1))).outcome, 'pass');
  });

  it('warns when usable is far below free (reserved blocks or another namespace)', () => {
    const r = only(runRule(rule, withUsable(400 * MiB, 1000 * MiB)));
    assert.deepEqual(
      [r.severity, r.summary],
      ['warning', 'Usable space in /dev/shm/aeron (400.00 MiB) is far below free space (1000.00 MiB): reserved blocks or a different mount namespace.'],
    );
  });

  it('sizes the check with the largest term in use, including a URI term-length', () => {
    const r = only(runRule(rule, aeronHost({}, { uriTermLengthsBytes: [512 * MiB] })));
    assert.equal(r.severity, 'critical');
    assert.equal(r.evidence.find((e) => e.key === 'requiredBytes')?.value, logLength(512 * MiB));
  });

  it('is critical when aeron.dir is missing inside the process namespace', () => {
    const r = only(runRule(rule, aeronHost({ exists: false, usage: null })));
    assert.deepEqual(
      [r.severity, r.summary],
      ['critical', 'aeron.dir /dev/shm/aeron is missing as the process sees it: statvfs fails and Aeron counts usable space as 0.'],
    );
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect, s.commands]),
      [['aeron.fix-dir', 'fixes', ['nsenter -t 1000 -m ls -ld /dev/shm/aeron']]],
      'no size change: the directory is the cause',
    );
  });

  it('is not evaluated without the directory statvfs, and not applicable without Aeron', () => {
    const ne = only(runRule(rule, aeronHost(null)));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /SYS_PTRACE/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
