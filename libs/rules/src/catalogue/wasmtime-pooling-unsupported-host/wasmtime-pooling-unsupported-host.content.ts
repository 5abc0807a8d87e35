import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

const SPIN_FIX = 'https://github.com/spinframework/spin/pull/2508';

export const WASMTIME_CONTENT = ruleContent({
  title: 'Wasmtime pooling allocator on a host that cannot hold its pools',
  explanation:
    'Spin turned on Wasmtime’s pooling allocator by default in v1.5.0. With Spin’s defaults (1,000 instances, memories and stacks) the stack pool is one committed read-write mapping of ' +
    '1,000 × (2 MiB + 4 KiB) = 2,101,248,000 bytes, and the memory pool reserves about 6 TiB of PROT_NONE address space — more than a 39-bit (512 GiB) user address space. ' +
    'With vm.overcommit_memory=0 the kernel refuses one allocation larger than RAM + swap (an inference from mm/util.c), so 1–2 GB hosts fail with "failed to create stack pool mapping … ' +
    'Cannot allocate memory" (spin#2119); a finite RLIMIT_AS below the reservation fails too, and qemu-user ignores madvise(MADV_DONTNEED), which pooling relies on (wasmtime#2518). ' +
    'Hangs under QEMU full-system emulation are reported (spin#1785) but their root cause is open, and claims tying them to THP are unconfirmed upstream. ' +
    'Spin 2.6.0 and later probe with a 2^42-byte reservation at start and fall back to the on-demand allocator when it fails; the probe tests address space only, so a host short of commit room but not of address space most likely keeps pooling on (an inference: upstream does not say). ' +
    'Pool sizes: SPIN_MAX_INSTANCE_COUNT is read from Spin 3.4.0; older releases read SPIN_WASMTIME_INSTANCE_COUNT, SPIN_WASMTIME_TOTAL_MEMORIES and SPIN_WASMTIME_TOTAL_STACKS, and memfleet credits a size only to a release that reads it. ' +
    'A smaller pool is offered at half of what would just fit, and never on a QEMU-emulated host as a fix: hangs there are reported with pooling at any size.',
  severityLogic:
    'For each Spin/Wasmtime process with pooling in effect (Spin < 2.6.0 without --disable-pooling, or SPIN_WASMTIME_POOLING=1): critical when the stack pool cannot be committed (mode 0: RAM + swap < stack pool; mode 2: commit headroom < stack pool), the user address space or a finite RLIMIT_AS is below the memory pool, or the process runs under qemu-user; warning when the host is QEMU-emulated (TCG) or has less than smallHostBytes ({smallHostBytes}) of RAM; info for Spin ≥ 2.6.0 on such a host when its start-up probe (one 4 TiB reservation) cannot be made here, since it then turns pooling off by itself; where the probe fits the address space and RLIMIT_AS, pooling most likely stays on (an inference from what the probe tests) and the process is judged as an older Spin.',
  outcomes: {
    pass: 'Pooling is off (--disable-pooling, SPIN_WASMTIME_POOLING=0, the wasmtime CLI default), or the stack pool can be committed and the memory pool reserved on this host.',
    notApplicable: 'No process on the host has a Spin or Wasmtime runtime (one host-level result).',
    notEvaluated:
      'The Spin version is unknown (so whether pooling is in effect is), or the commit room (overcommit mode and memory sizes) or the user address-space size is unknown.',
  },
  facts: [
    'configuration.processes[].runtimes[kind=spin|wasmtime].{version,spin.*}',
    'configuration.processes[].{env,rlimitAsBytes,emulator}',
    'configuration.memory.{memTotalBytes,swapTotalBytes}',
    'configuration.vm.overcommitMemory',
    'metrics.{commitLimitBytes,committedAsBytes}',
    'configuration.cpu.userVirtualAddressBits',
    'configuration.virtualization.{qemuEmulated,kvmAccelerated}',
  ],
  sources: [
    { title: 'spin#2119: ENOMEM on 1–2 GB arm64 hosts', url: 'https://github.com/spinframework/spin/issues/2119' },
    { title: 'spin#1785: hangs under QEMU (root cause open)', url: 'https://github.com/spinframework/spin/issues/1785' },
    { title: 'spin#2343', url: 'https://github.com/spinframework/spin/issues/2343' },
    { title: 'spin PR #2508: probe and fall back (v2.6.0)', url: SPIN_FIX },
    { title: 'spin PR #1721: pooling on by default (v1.5.0)', url: 'https://github.com/spinframework/spin/pull/1721' },
    { title: 'wasmtime#8610: the probe Spin mirrors', url: 'https://github.com/bytecodealliance/wasmtime/pull/8610' },
    { title: 'wasmtime#9606: 32 MiB guard (pool ≈ 4 TiB)', url: 'https://github.com/bytecodealliance/wasmtime/pull/9606' },
    { title: 'wasmtime#2518: qemu-user ignores MADV_DONTNEED', url: 'https://github.com/bytecodealliance/wasmtime/issues/2518' },
  ],
  thresholds: { smallHostBytes: 'Hosts with less RAM get a warning even when the pool fits.' },
  evidence: {
    stackPoolBytes: 'Stack pool (committed)',
    memoryPoolBytes: 'Memory pool (reserved)',
    instances: 'Pool instances',
    memTotalBytes: 'RAM',
    swapTotalBytes: 'Swap',
    overcommitMemory: 'vm.overcommit_memory',
    commitRoomBytes: 'Largest commit the kernel allows',
    userVaBits: 'User address bits',
    rlimitAsBytes: 'RLIMIT_AS',
    qemuEmulated: 'QEMU-emulated (TCG)',
    version: 'Version',
  },
  summaries: {
    absent: 'No Spin or Wasmtime process on this host.',
    poolingOff: 'Pooling is turned off (--disable-pooling or SPIN_WASMTIME_POOLING=0).',
    spinVersionUnknown: 'Whether pooling is in effect depends on the Spin version, which is unknown.',
    wasmtimeOnDemand: 'The wasmtime CLI uses the on-demand allocator unless -O pooling-allocator=y is given.',
    roomRamAndSwap: (memTotalBytes: number, swapTotalBytes: number) => `RAM ${bytes(memTotalBytes)} + swap ${bytes(swapTotalBytes)}`,
    roomUnlimited: 'vm.overcommit_memory=1 (always overcommit)',
    roomHeadroom: (headroomBytes: number) => `commit headroom ${bytes(headroomBytes)} (CommitLimit − Committed_AS)`,
    commitShort: (stackPoolBytes: number, room: string) => `the stack pool needs ${bytes(stackPoolBytes)} committed; ${room}`,
    addressSpaceShort: (memoryPoolBytes: number, vaBits: number | null, vaBytes: number) =>
      `the memory pool reserves ${bytes(memoryPoolBytes)}; the user address space is ${vaBits}-bit (${bytes(vaBytes)})`,
    rlimitShort: (rlimitBytes: number, memoryPoolBytes: number) => `RLIMIT_AS is ${bytes(rlimitBytes)}, below the ${bytes(memoryPoolBytes)} reservation`,
    emulator: (emulator: string) => `it runs under ${emulator}, which ignores madvise(MADV_DONTNEED)`,
    onlyRam: (memTotalBytes: number | null) => `only ${bytes(memTotalBytes)} of RAM`,
    qemuHost: 'QEMU-emulated host',
    autoFallback: (version: string | null, why: string) => `Spin ${version} probes the host and turns pooling off by itself here (${why}).`,
    autoFallbackFits: (version: string | null) => `Spin ${version} with pooling; the pools fit this host.`,
    probePasses: (version: string | null) =>
      `Spin ${version}'s start-up probe (one 4 TiB reservation) fits this host's address space, so pooling most likely stays on (an inference from what the probe tests).`,
    cannotStart: (reasons: readonly string[]) => `Pooling cannot start: ${reasons.join('; ')}.`,
    emulatedHost: 'Pooling on a QEMU-emulated (TCG) host, where hangs are reported with an open root cause.',
    smallHost: (memTotalBytes: number | null) => `Pooling on a host with only ${bytes(memTotalBytes)} of RAM.`,
    fitUnknown: 'Pooling is in effect, but whether this host can hold its pools is not known.',
    fits: (stackPoolBytes: number, memoryPoolBytes: number) => `The pools fit: ${bytes(stackPoolBytes)} committed, ${bytes(memoryPoolBytes)} reserved.`,
    unknownVersion: 'an unknown version',
    withoutLimit: 'without limit',
    // Clauses of the shrink step; dropped when the number they state is unknown.
    commitClause: (room: string | null) => (room === null ? '' : ` (this host can commit ${room})`),
    vaClause: (limitBytes: number | null) => (limitBytes === null ? '' : ` (the limit here is ${bytes(limitBytes)})`),
    overcommitMode: (mode: 0 | 1 | 2) => `${mode} (${['heuristic', 'always', 'strict'][mode]})`,
    unlimited: 'unlimited',
    unitMeans: 'the systemd unit that starts this Spin app (or set the variable wherever it is started)',
    instances: (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'instance' : 'instances'}`,
    variablesMax: 'This Spin (≥ 3.4.0) reads SPIN_MAX_INSTANCE_COUNT.',
    variablesOlder:
      'Spin before 3.4.0 ignores SPIN_MAX_INSTANCE_COUNT, so the step sets SPIN_WASMTIME_INSTANCE_COUNT, SPIN_WASMTIME_TOTAL_MEMORIES and SPIN_WASMTIME_TOTAL_STACKS.',
    variablesUnknownVersion:
      'The Spin version is unknown, so the step sets both SPIN_MAX_INSTANCE_COUNT (read from Spin 3.4.0) and SPIN_WASMTIME_INSTANCE_COUNT, SPIN_WASMTIME_TOTAL_MEMORIES and SPIN_WASMTIME_TOTAL_STACKS (read by older releases), each to the same size, so whichever this release reads gives the same pool.',
    // The swap part of the overcommit step, when swap would make the commit fit.
    swapAdvice: (neededSwap: string | null) => (neededSwap ? `, or add at least ${neededSwap} of swap` : ''),
  },
  missing: {
    spinVersion: {
      fact: 'runtimes[kind=spin].version',
      suppliedBy: 'agent read of /proc/PID/exe (SYS_PTRACE), or a runtimes.d declaration {"kind":"spin","version":"…"}',
    },
    commitRoom: {
      fact: 'configuration.vm.overcommitMemory with configuration.memory.{memTotalBytes,swapTotalBytes} (mode 0) or metrics.{commitLimitBytes,committedAsBytes} (mode 2)',
      suppliedBy: 'agent read of /proc/sys/vm/overcommit_memory and /proc/meminfo',
    },
    userVaBits: { fact: 'configuration.cpu.userVirtualAddressBits', suppliedBy: 'agent read of /proc/cpuinfo "address sizes" or the kernel config' },
  },
  remediation: remediations({
    'spin.upgrade': {
      title: 'Upgrade Spin to 2.6.0 or later',
      text: 'Spin 2.6.0+ probes the host at start with a 2^42-byte (4 TiB) reservation, which cannot succeed within this host’s {probeRoom:bytes} of address space, so it falls back to the on-demand allocator by itself; this process runs {version}.',
      effect: 'fixes',
      source: SPIN_FIX,
    },
    'spin.disable-pooling': {
      title: 'Turn pooling off',
      text: 'Start with `spin up --disable-pooling`, or set `SPIN_WASMTIME_POOLING=0` in the service environment (a systemd drop-in keeps it across restarts); the on-demand allocator needs neither pool.',
      commands: ['systemctl edit {unit}  # [Service] Environment=SPIN_WASMTIME_POOLING=0', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: SPIN_FIX,
    },
    'wasmtime.disable-pooling': {
      title: 'Turn pooling off',
      text: 'Drop `-O pooling-allocator=y` from the wasmtime command line (or pass `-O pooling-allocator=n`): the on-demand allocator, the wasmtime CLI default, needs neither pool.',
      effect: 'fixes',
      source: 'https://docs.wasmtime.dev/cli-options.html',
    },
    'spin.disable-pooling-under-qemu': {
      title: 'Turn pooling off on this QEMU-emulated host',
      text:
        'Hangs under QEMU full-system emulation are reported with pooling on (spin#1785), but their root cause is open: `spin up --disable-pooling` or `SPIN_WASMTIME_POOLING=0` ' +
        '(the wasmtime CLI: `-O pooling-allocator=n`) takes pooling out of the picture, without certainty that it removes the hang.',
      commands: ['systemctl edit {unit}  # [Service] Environment=SPIN_WASMTIME_POOLING=0', 'systemctl restart {unit}'],
      effect: 'mitigates',
      source: 'https://github.com/spinframework/spin/issues/1785',
    },
    'spin.shrink-pool': {
      title: 'Shrink the pool to {fitInstances}',
      text:
        '{fitInstances} would need {fitStackBytes:bytes} of stacks{commitClause} and reserve {fitReserveBytes:bytes} of address space{vaClause}; ' +
        'half of what would just fit, so the rest of the process keeps room. {variablesNote} Restart the service for the new size to take effect.',
      commands: ['systemctl edit {unit}  # [Service] Environment={variables}', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: 'https://github.com/spinframework/spin/issues/2119',
    },
    'spin.shrink-pool-under-qemu': {
      title: 'Shrink the pool to {fitInstances} (the QEMU emulation risk stays)',
      text:
        '{fitInstances} would need {fitStackBytes:bytes} of stacks{commitClause} and reserve {fitReserveBytes:bytes} of address space{vaClause}; ' +
        'half of what would just fit, so the rest of the process keeps room. {variablesNote} Restart the service for the new size to take effect. ' +
        'This host is QEMU-emulated (TCG), where hangs are reported with pooling on at any pool size (spin#1785, root cause open): a smaller pool lets it start but leaves that risk; turning pooling off takes pooling out of the picture.',
      commands: ['systemctl edit {unit}  # [Service] Environment={variables}', 'systemctl restart {unit}'],
      effect: 'mitigates',
      source: 'https://github.com/spinframework/spin/issues/1785',
    },
    'sysctl.overcommit-or-swap': {
      title: 'Let the {stackPoolBytes:bytes} stack pool be committed',
      text: '`sysctl -w vm.overcommit_memory=1` (this host has {overcommit}; persist it in /etc/sysctl.d/90-spin.conf){swapAdvice}.',
      commands: ['sysctl -w vm.overcommit_memory=1', "echo 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-spin.conf"],
      effect: 'fixes',
      source: 'https://www.kernel.org/doc/Documentation/vm/overcommit-accounting',
    },
    'ulimit.address-space': {
      title: 'Lift the {rlimit:bytes} address-space limit',
      text: 'The pool reserves {memoryPoolBytes:bytes}; run with `ulimit -v unlimited` (systemd: `LimitAS=infinity` in a drop-in).',
      commands: ['systemctl edit {unit}  # [Service] LimitAS=infinity', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: 'https://github.com/spinframework/spin/issues/2119',
    },
  }),
});
