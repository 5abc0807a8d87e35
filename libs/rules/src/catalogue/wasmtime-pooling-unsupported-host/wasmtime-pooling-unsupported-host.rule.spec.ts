import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { STACK_SLOT_BYTES, wasmtimePoolingUnsupportedHost as rule } from './wasmtime-pooling-unsupported-host.rule';
import { raspberryPi, SPIN, spinHost } from './fixtures/spin-hosts.fixture';

const GiB = 1024 ** 3;
const STACK_POOL = 2_101_248_000; // 1,000 × (2 MiB + 4 KiB)

describe('wasmtime-pooling-unsupported-host', () => {
  it('sizes the default stack pool at 2,101,248,000 bytes', () => {
    assert.equal(1000 * STACK_SLOT_BYTES, STACK_POOL);
  });

  it('reproduces spin#2119: a 1 GiB arm64 host with Spin 2.5 cannot commit the stack pool nor reserve the memory pool', () => {
    const r = only(runRule(rule, raspberryPi()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [SPIN, 'hit', 'critical']);
    assert.equal(
      r.summary,
      'Pooling cannot start: the stack pool needs 1.96 GiB committed; RAM 1.00 GiB + swap 0 B; the memory pool reserves 5.86 TiB; the user address space is 39-bit (512.00 GiB).',
    );
    assert.match(remediationText(r, 'spin.upgrade'), /Upgrade Spin to 2\.6\.0 or later.*runs 2\.5\.1/s);
    assert.match(remediationText(r, 'spin.disable-pooling'), /SPIN_WASMTIME_POOLING=0/);
    // 512 GiB − 2 GiB over 6 GiB slots = 85 instances fit; half of that leaves room for the rest of the process.
    assert.match(remediationText(r, 'spin.shrink-pool'), /SPIN_MAX_INSTANCE_COUNT=42/);
    assert.match(remediationText(r, 'sysctl.overcommit-or-swap'), /add at least 979\.91 MiB of swap/);
  });

  it('is critical one byte short of the stack pool (RAM + swap); at exactly its size the commit fits', () => {
    const short = spinHost({ memTotalBytes: STACK_POOL - 1, swapTotalBytes: 0 });
    const exact = spinHost({ memTotalBytes: 3 * GiB, swapTotalBytes: 0 });
    assert.equal(only(runRule(rule, short)).severity, 'critical');
    assert.equal(only(runRule(rule, exact)).outcome, 'pass');
    // At exactly the pool size the commit fits, but under 2 GiB of RAM is still a warning.
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: STACK_POOL }))).severity, 'warning');
  });

  it('uses commit headroom in mode 2 and ignores RAM in mode 1', () => {
    const strict = spinHost({ overcommit: 2, commitLimitBytes: 4 * GiB, committedAsBytes: 3 * GiB });
    assert.match(only(runRule(rule, strict)).summary, /commit headroom 1\.00 GiB/);
    assert.equal(only(runRule(rule, spinHost({ overcommit: 1, memTotalBytes: 3 * GiB }))).outcome, 'pass');
  });

  it('flags a finite RLIMIT_AS below the reservation, and qemu-user', () => {
    const limited = only(runRule(rule, spinHost({ rlimitAsBytes: 64 * GiB })));
    assert.match(limited.summary, /RLIMIT_AS is 64\.00 GiB/);
    assert.deepEqual(limited.remediation.map((s) => s.key), ['spin.upgrade', 'spin.disable-pooling', 'spin.shrink-pool', 'ulimit.address-space'], 'only the fixes for what is wrong here');
    assert.match(only(runRule(rule, spinHost({ emulator: 'qemu-aarch64' }))).summary, /runs under qemu-aarch64/);
  });

  it('warns on a QEMU-emulated (TCG) host, but not on QEMU with KVM', () => {
    assert.equal(only(runRule(rule, spinHost({ qemuEmulated: true }))).severity, 'warning');
    assert.equal(only(runRule(rule, spinHost())).outcome, 'pass', 'the sample host is QEMU + KVM');
  });

  it('gives info for Spin ≥ 2.6.0 on such a host, unless pooling is forced on', () => {
    const auto = only(runRule(rule, raspberryPiWith('2.6.0')));
    assert.deepEqual([auto.outcome, auto.severity], ['hit', 'info']);
    const forced = spinHost({ version: '3.1.0', memTotalBytes: GiB, env: { SPIN_WASMTIME_POOLING: '1' } });
    assert.equal(only(runRule(rule, forced)).severity, 'critical');
  });

  it('passes when pooling is off, shrinks the pool with SPIN_MAX_INSTANCE_COUNT', () => {
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: GiB, disablePooling: true }))).outcome, 'pass');
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: 4 * GiB, env: { SPIN_MAX_INSTANCE_COUNT: '100' } }))).outcome, 'pass');
  });

  it('is not evaluated without the Spin version, and not applicable without Spin', () => {
    const ne = only(runRule(rule, spinHost({ version: null })));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /runtimes\.d declaration/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});

function raspberryPiWith(version: string) {
  const r = raspberryPi();
  r.configuration.processes[0].runtimes[0].version = version;
  return r;
}
