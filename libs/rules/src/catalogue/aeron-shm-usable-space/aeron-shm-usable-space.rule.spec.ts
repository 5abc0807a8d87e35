import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { aeronShmUsableSpace as rule, logLength } from './aeron-shm-usable-space.rule';
import { aeronHost, freeButNotUsable, withUsable } from './fixtures/aeron-hosts.fixture';

const MiB = 1024 * 1024;
const LOG_16M = 50_335_744; // align(3 × 16 MiB + 4096, 4096)

describe('aeron-shm-usable-space', () => {
  it('sizes a new log as align(3 × term + 4096, page): 50,335,744 B at 16 MiB and 201,330,688 B at 64 MiB', () => {
    assert.equal(logLength(16 * MiB), LOG_16M);
    assert.equal(logLength(64 * MiB), 201_330_688);
  });

  it('reproduces aeron#1751: 1.5 GB free but 0 usable is critical, and never advises turning the checks off', () => {
    const r = only(runRule(rule, freeButNotUsable()));
    assert.deepEqual([r.outcome, r.severity], ['hit', 'critical']);
    assert.equal(
      r.summary,
      'Usable space in /dev/shm/aeron is 0 B (free 1.40 GiB); one new log of a 16.00 MiB term needs 48.00 MiB: Aeron refuses to create it.',
    );
    assert.equal(r.evidence.find((e) => e.key === 'requiredBytes')?.value, LOG_16M);
    assert.deepEqual([r.evidence.find((e) => e.key === 'usableBytes')?.value, r.evidence.find((e) => e.key === 'freeBytes')?.value], [0, 1_500_000_000]);
    // 8 × 48.00 MiB + 160 MiB = 544.01 MiB → 545 MiB.
    assert.equal(
      remediationText(r, 'aeron.grow-shm'),
      'Give /dev/shm at least 545 MiB\nEach new log needs 48.00 MiB and 0 B is usable; 545 MiB holds eight logs plus the 160.00 MiB low-storage margin. ' +
        'Docker: `--shm-size=545m`; compose: `shm_size: 545m`; Kubernetes: an `emptyDir: {medium: Memory, sizeLimit: 545Mi}` mounted at the aeron.dir parent.\ndocker run --shm-size=545m …',
    );
    assert.match(remediationText(r, 'aeron.move-dir'), /remount,size=545m \/dev\/shm.*Usable is below free: check that aeron\.dir exists/s);
    assert.match(
      remediationText(r, 'aeron.lower-term-length'),
      /A 4\.00 MiB term needs 12\.00 MiB per log instead of 48\.00 MiB: `-Daeron\.term\.buffer\.length=4194304`/,
    );
    assert.match(remediationText(r, 'aeron.remove-stale-dirs'), /Never turn aeron\.perform\.storage\.checks off/);
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
  });

  it('is not evaluated without the directory statvfs, and not applicable without Aeron', () => {
    const ne = only(runRule(rule, aeronHost(null)));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /SYS_PTRACE/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
