import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { STACK_SLOT_BYTES, wasmtimePoolingUnsupportedHost as rule } from './wasmtime-pooling-unsupported-host.rule';
import { raspberryPi, SPIN, spinHost } from './fixtures/spin-hosts.fixture';

const GiB = 1024 ** 3;
const STACK_POOL = 2_101_248_000; // 1,000 × (2 MiB + 4 KiB)
const value = (r: { evidence: { key: string; value: unknown }[] }, key: string) => r.evidence.find((e) => e.key === key)?.value;

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
    assert.deepEqual([value(r, 'stackPoolBytes'), value(r, 'commitRoomBytes'), value(r, 'userVaBits')], [STACK_POOL, GiB, 39]);
    // Overcommit or swap would let the stack pool be committed, but 5.86 TiB still cannot fit in 512 GiB: not offered.
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['spin.upgrade', 'fixes'],
        ['spin.disable-pooling', 'fixes'],
        ['spin.shrink-pool', 'fixes'],
      ],
    );
    assert.ok(
      !r.remediation.some((s) => /overcommit|swap|ulimit/.test(`${s.key} ${s.title} ${s.text} ${(s.commands ?? []).join(' ')}`)),
      'no step that cannot work',
    );
    assert.match(
      remediationText(r, 'spin.upgrade'),
      /Upgrade Spin to 2\.6\.0 or later.*cannot succeed within this host’s 512\.00 GiB of address space.*this process runs 2\.5\.1/s,
    );
    assert.match(remediationText(r, 'spin.disable-pooling'), /SPIN_WASMTIME_POOLING=0/);
    // 512 GiB − 2 GiB over 6 GiB slots = 85 instances fit; half of that leaves room for the rest of the process.
    assert.match(
      remediationText(r, 'spin.shrink-pool'),
      /^Shrink the pool to 42 instances\n42 instances would need 84\.16 MiB of stacks \(this host can commit 1\.00 GiB\) and reserve 254\.00 GiB of address space \(the limit here is 512\.00 GiB\)/,
    );
    // Spin 2.5.1 does not read SPIN_MAX_INSTANCE_COUNT (3.4.0+): the command sets the variables it does read.
    assert.deepEqual(r.remediation.find((s) => s.key === 'spin.shrink-pool')?.commands, [
      'systemctl edit UNIT  # [Service] Environment=SPIN_WASMTIME_INSTANCE_COUNT=42 SPIN_WASMTIME_TOTAL_MEMORIES=42 SPIN_WASMTIME_TOTAL_STACKS=42',
      'systemctl restart UNIT',
    ]);
  });

  it('offers overcommit or swap, as a fix, when the commit is the only thing short', () => {
    const r = only(runRule(rule, spinHost({ memTotalBytes: GiB, userVaBits: 47, systemdUnit: 'spin-app.service' })));
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [
        ['spin.disable-pooling', 'fixes'],
        ['spin.shrink-pool', 'fixes'],
        ['sysctl.overcommit-or-swap', 'fixes'],
      ],
      'a 47-bit address space passes the 2.6.0 probe, so upgrading would keep pooling on',
    );
    assert.equal(
      remediationText(r, 'sysctl.overcommit-or-swap'),
      'Let the 1.96 GiB stack pool be committed\n`sysctl -w vm.overcommit_memory=1` (this host has 0; persist it in /etc/sysctl.d/90-spin.conf), or add at least 979.91 MiB of swap.\n' +
        "sysctl -w vm.overcommit_memory=1\necho 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-spin.conf",
    );
    assert.deepEqual(r.remediation.find((s) => s.key === 'spin.disable-pooling')?.commands, [
      'systemctl edit spin-app.service  # [Service] Environment=SPIN_WASMTIME_POOLING=0',
      'systemctl restart spin-app.service',
    ]);
    assert.ok(
      r.remediation.every((s) => s.template === undefined),
      'the unit is known: nothing to fill in',
    );
  });

  it('marks a command a template and says what to put there when the unit is unknown', () => {
    const step = only(runRule(rule, raspberryPi())).remediation.find((s) => s.key === 'spin.disable-pooling')!;
    assert.deepEqual(step.commands, ['systemctl edit UNIT  # [Service] Environment=SPIN_WASMTIME_POOLING=0', 'systemctl restart UNIT']);
    assert.equal(step.template, true);
    assert.match(step.text, /Replace UNIT with the systemd unit that starts this Spin app \(or set the variable wherever it is started\)\.$/);
  });

  it('tells an RLIMIT_AS that was not read from an unlimited one in the evidence', () => {
    const rlimit = (h: Parameters<typeof spinHost>[0]) => only(runRule(rule, spinHost(h))).evidence.find((e) => e.key === 'rlimitAsBytes');
    assert.deepEqual(rlimit({ rlimitAsBytes: null }), { key: 'rlimitAsBytes', label: 'RLIMIT_AS', value: 'unlimited', unit: 'text' });
    assert.deepEqual(rlimit({ rlimitAsBytes: 'not-read' }), { key: 'rlimitAsBytes', label: 'RLIMIT_AS', value: null, unit: 'bytes' });
    assert.deepEqual(rlimit({ rlimitAsBytes: 64 * GiB })?.value, 64 * GiB);
  });

  it('renders what it knows and drops what it does not when the user address space is unknown (snapshot)', () => {
    const report = spinHost({ memTotalBytes: GiB, systemdUnit: 'spin-app.service' });
    report.configuration.cpu.userVirtualAddressBits = null;
    report.configuration.cpu.virtualAddressBits = null;
    const r = only(runRule(rule, report));
    assert.equal(r.summary, 'Pooling cannot start: the stack pool needs 1.96 GiB committed; RAM 1.00 GiB + swap 0 B.');
    assert.equal(
      remediationText(r, 'spin.shrink-pool'),
      // 1 GiB / (2 MiB + 4 KiB) = 511 stacks fit; half is 255.
      'Shrink the pool to 255 instances\n255 instances would need 511.00 MiB of stacks (this host can commit 1.00 GiB) and reserve 1.50 TiB of address space; ' +
        'half of what would just fit, so the rest of the process keeps room. Spin before 3.4.0 ignores SPIN_MAX_INSTANCE_COUNT, so the step sets ' +
        'SPIN_WASMTIME_INSTANCE_COUNT, SPIN_WASMTIME_TOTAL_MEMORIES and SPIN_WASMTIME_TOTAL_STACKS. Restart the service for the new size to take effect.\n' +
        'systemctl edit spin-app.service  # [Service] Environment=SPIN_WASMTIME_INSTANCE_COUNT=255 SPIN_WASMTIME_TOTAL_MEMORIES=255 SPIN_WASMTIME_TOTAL_STACKS=255\n' +
        'systemctl restart spin-app.service',
    );
    assert.equal(r.evidence.find((e) => e.key === 'overcommitMemory')?.value, '0 (heuristic)');
  });

  it('is critical one byte short of the stack pool (RAM + swap); at exactly its size the commit fits', () => {
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: STACK_POOL - 1, swapTotalBytes: 0 }))).severity, 'critical');
    // At exactly the pool size the commit fits, but under 2 GiB of RAM is still a warning.
    const exact = only(runRule(rule, spinHost({ memTotalBytes: STACK_POOL })));
    assert.deepEqual([exact.severity, exact.summary], ['warning', 'Pooling on a host with only 1.96 GiB of RAM.']);
    assert.ok(!exact.remediation.some((s) => s.key === 'sysctl.overcommit-or-swap'), 'the commit fits: no overcommit advice');
    // Swap counts: 1 GiB RAM + the rest in swap fits.
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: GiB, swapTotalBytes: STACK_POOL - GiB }))).severity, 'warning');
  });

  it('warns just under 2 GiB of RAM and passes at exactly 2 GiB', () => {
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: 2 * GiB - 1, swapTotalBytes: GiB }))).severity, 'warning');
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: 2 * GiB }))).outcome, 'pass');
  });

  it('uses commit headroom in mode 2 and ignores RAM in mode 1', () => {
    const strict = only(runRule(rule, spinHost({ overcommit: 2, commitLimitBytes: 4 * GiB, committedAsBytes: 3 * GiB })));
    assert.deepEqual(
      [strict.severity, strict.summary],
      ['critical', 'Pooling cannot start: the stack pool needs 1.96 GiB committed; commit headroom 1.00 GiB (CommitLimit − Committed_AS).'],
    );
    // Headroom already negative: not even one instance's stack fits, so no shrink is offered.
    const over = only(runRule(rule, spinHost({ overcommit: 2, commitLimitBytes: 4 * GiB, committedAsBytes: 5 * GiB })));
    assert.deepEqual(
      over.remediation.map((s) => s.key),
      ['spin.disable-pooling', 'sysctl.overcommit-or-swap'],
    );
    assert.equal(only(runRule(rule, spinHost({ overcommit: 1, memTotalBytes: 3 * GiB }))).outcome, 'pass');
  });

  it('flags a finite RLIMIT_AS below the reservation, and qemu-user', () => {
    const limited = only(runRule(rule, spinHost({ rlimitAsBytes: 64 * GiB, declaredBy: '/etc/systemd/system/spin-app.service' })));
    assert.match(limited.summary, /RLIMIT_AS is 64\.00 GiB, below the 5\.86 TiB reservation/);
    assert.deepEqual(
      limited.remediation.map((s) => s.key),
      ['spin.upgrade', 'spin.disable-pooling', 'spin.shrink-pool', 'ulimit.address-space'],
      'only the fixes for what is wrong here (a 64 GiB limit also fails the 2.6.0 probe)',
    );
    assert.match(remediationText(limited, 'ulimit.address-space'), /systemctl edit spin-app\.service {2}# \[Service\] LimitAS=infinity/);
    // (64 GiB − 2 GiB) / 6 GiB = 10 fit; half is 5.
    assert.match(
      remediationText(limited, 'spin.shrink-pool'),
      /Environment=SPIN_WASMTIME_INSTANCE_COUNT=5 SPIN_WASMTIME_TOTAL_MEMORIES=5 SPIN_WASMTIME_TOTAL_STACKS=5\n/,
    );
    const qemuUser = only(runRule(rule, spinHost({ emulator: 'qemu-aarch64' })));
    assert.match(qemuUser.summary, /runs under qemu-aarch64/);
    assert.deepEqual(
      qemuUser.remediation.map((s) => s.key),
      ['spin.disable-pooling'],
      'a smaller pool still relies on MADV_DONTNEED',
    );
    // Several causes: a step that removes only one of them is not offered.
    const both = only(runRule(rule, spinHost({ memTotalBytes: GiB, rlimitAsBytes: 5 * 1024 * GiB })));
    assert.deepEqual(
      both.remediation.map((s) => s.key),
      ['spin.disable-pooling', 'spin.shrink-pool'],
    );
  });

  it('warns on a QEMU-emulated (TCG) host, but not on QEMU with KVM', () => {
    const tcg = only(runRule(rule, spinHost({ qemuEmulated: true })));
    assert.equal(tcg.severity, 'warning');
    assert.deepEqual(
      tcg.remediation.map((s) => [s.key, s.effect]),
      [['spin.disable-pooling-under-qemu', 'mitigates']],
      'the hang’s root cause is open: turning pooling off only mitigates',
    );
    const kvm = spinHost();
    assert.deepEqual([kvm.configuration.virtualization.sysVendor, kvm.configuration.virtualization.kvmAccelerated], ['QEMU', true]);
    assert.equal(only(runRule(rule, kvm)).outcome, 'pass', 'QEMU + KVM is not emulated');
    // A contradictory report (emulated and KVM) is read as KVM.
    kvm.configuration.virtualization.qemuEmulated = true;
    assert.equal(only(runRule(rule, kvm)).outcome, 'pass');
  });

  it('gives info for Spin ≥ 2.6.0 on such a host, unless pooling is forced on', () => {
    const auto = only(runRule(rule, raspberryPiWith('2.6.0')));
    assert.deepEqual([auto.outcome, auto.severity, auto.remediation], ['hit', 'info', []]);
    assert.match(auto.summary, /^Spin 2\.6\.0 probes the host and turns pooling off by itself here/);
    assert.equal(only(runRule(rule, raspberryPiWith('2.5.9'))).severity, 'critical');
    const forced = spinHost({ version: '3.1.0', memTotalBytes: GiB, env: { SPIN_WASMTIME_POOLING: '1' } });
    assert.equal(only(runRule(rule, forced)).severity, 'critical');
  });

  it('judges Spin ≥ 2.6.0 as pooling where its 4 TiB probe fits: a 1 GiB host with a 47-bit address space still cannot commit the stack pool', () => {
    const r = only(runRule(rule, spinHost({ version: '2.6.0', memTotalBytes: GiB, userVaBits: 47 })));
    assert.deepEqual([r.outcome, r.severity], ['hit', 'critical']);
    assert.equal(
      r.summary,
      "Spin 2.6.0's start-up probe (one 4 TiB reservation) fits this host's address space, so pooling most likely stays on (an inference from what the probe tests). " +
        'Pooling cannot start: the stack pool needs 1.96 GiB committed; RAM 1.00 GiB + swap 0 B.',
    );
    const keys = r.remediation.map((s) => s.key);
    assert.ok(!keys.includes('spin.upgrade'), 'it already runs the version with the probe');
    assert.ok(keys.includes('spin.disable-pooling'));
    // A limit the agent did not read leaves the probe's outcome open: the documented fallback stands.
    const unread = only(runRule(rule, spinHost({ version: '2.6.0', memTotalBytes: GiB, userVaBits: 47, rlimitAsBytes: 'not-read' })));
    assert.equal(unread.severity, 'info');
  });

  it('passes when pooling is off, and when SPIN_MAX_INSTANCE_COUNT shrinks the pool enough', () => {
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: GiB, disablePooling: true }))).outcome, 'pass');
    assert.equal(only(runRule(rule, spinHost({ memTotalBytes: GiB, env: { SPIN_WASMTIME_POOLING: '0' } }))).outcome, 'pass');
    // Spin 3.4.0 reads SPIN_MAX_INSTANCE_COUNT; pooling is forced on so the start-up probe does not decide.
    const shrunk = only(
      runRule(rule, spinHost({ version: '3.4.0', memTotalBytes: 4 * GiB, userVaBits: 39, env: { SPIN_WASMTIME_POOLING: '1', SPIN_MAX_INSTANCE_COUNT: '40' } })),
    );
    assert.deepEqual([shrunk.outcome, value(shrunk, 'memoryPoolBytes')], ['pass', 40 * 6 * GiB + 2 * GiB]);
  });

  it('honours a changed small-host line', () => {
    const r = only(runRule(rule, spinHost({ memTotalBytes: 4 * GiB }), { thresholds: { smallHostBytes: 8 * GiB } }));
    assert.deepEqual([r.severity, r.thresholds], ['warning', { smallHostBytes: 8 * GiB }]);
  });

  it('is not evaluated without the Spin version or the commit facts, and not applicable without Spin', () => {
    const ne = only(runRule(rule, spinHost({ version: null })));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /runtimes\.d declaration/);
    const noCommit = only(runRule(rule, spinHost({ overcommitUnknown: true })));
    assert.deepEqual(
      [noCommit.outcome, noCommit.missing?.map((m) => m.suppliedBy)],
      ['not-evaluated', ['agent read of /proc/sys/vm/overcommit_memory and /proc/meminfo']],
    );
    const na = only(runRule(rule, sampleReport()));
    assert.deepEqual([na.subject, na.outcome], ['', 'not-applicable']);
  });

  it('does not credit Spin before 3.4.0 with a SPIN_MAX_INSTANCE_COUNT it ignores', () => {
    const r = only(runRule(rule, spinHost({ memTotalBytes: 4 * GiB, userVaBits: 39, env: { SPIN_MAX_INSTANCE_COUNT: '40' } })));
    assert.deepEqual([r.outcome, r.severity, value(r, 'instances')], ['hit', 'critical', 1000]);
  });

  it('shrinks with SPIN_MAX_INSTANCE_COUNT on Spin 3.4.0, and sets both variable sets when the version is unknown', () => {
    // 3.4.0 on a 47-bit host: the 4 TiB probe fits, pooling stays on, and 1 GiB cannot commit the stack pool.
    const current = only(runRule(rule, spinHost({ version: '3.4.0', memTotalBytes: GiB, userVaBits: 47, systemdUnit: 'spin-app.service' })));
    const step = current.remediation.find((s) => s.key === 'spin.shrink-pool')!;
    assert.deepEqual(step.commands, [
      'systemctl edit spin-app.service  # [Service] Environment=SPIN_MAX_INSTANCE_COUNT=255',
      'systemctl restart spin-app.service',
    ]);
    assert.match(step.text, /This Spin \(≥ 3\.4\.0\) reads SPIN_MAX_INSTANCE_COUNT\./);
    const unknown = only(runRule(rule, spinHost({ version: null, memTotalBytes: GiB, env: { SPIN_WASMTIME_POOLING: '1' }, systemdUnit: 'spin-app.service' })));
    const both = unknown.remediation.find((s) => s.key === 'spin.shrink-pool')!;
    assert.equal(
      both.commands?.[0],
      'systemctl edit spin-app.service  # [Service] Environment=SPIN_MAX_INSTANCE_COUNT=255 SPIN_WASMTIME_INSTANCE_COUNT=255 SPIN_WASMTIME_TOTAL_MEMORIES=255 SPIN_WASMTIME_TOTAL_STACKS=255',
    );
    assert.match(both.text, /The Spin version is unknown, so the step sets both/);
  });

  it('offers no shrink that would reserve the whole address-space limit, and says "1 instance" when one fits with room', () => {
    // 8 GiB: one instance reserves 6 GiB + 2 GiB = the whole limit, leaving nothing for the rest of the process.
    const tight = only(runRule(rule, spinHost({ rlimitAsBytes: 8 * GiB })));
    assert.equal(tight.severity, 'critical');
    assert.ok(!tight.remediation.some((s) => s.key.startsWith('spin.shrink-pool')), 'no size fits with room');
    // 14 GiB: two would just fit, so one is offered and half the limit stays free.
    const one = only(runRule(rule, spinHost({ rlimitAsBytes: 14 * GiB })));
    assert.match(
      remediationText(one, 'spin.shrink-pool'),
      /^Shrink the pool to 1 instance\n1 instance would need 2\.00 MiB of stacks .* reserve 8\.00 GiB of address space \(the limit here is 14\.00 GiB\)/,
    );
  });

  it('never calls a smaller pool a fix on a QEMU-emulated (TCG) host, whatever else is short', () => {
    const r = only(runRule(rule, spinHost({ qemuEmulated: true, memTotalBytes: GiB, userVaBits: 39 })));
    assert.equal(r.severity, 'critical');
    const shrink = r.remediation.filter((s) => s.key.startsWith('spin.shrink-pool'));
    assert.deepEqual(
      shrink.map((s) => [s.key, s.effect]),
      [['spin.shrink-pool-under-qemu', 'mitigates']],
    );
    assert.match(shrink[0].text, /hangs are reported with pooling on at any pool size/);
  });
});

function raspberryPiWith(version: string) {
  const r = raspberryPi();
  r.configuration.processes[0].runtimes[0].version = version;
  return r;
}
