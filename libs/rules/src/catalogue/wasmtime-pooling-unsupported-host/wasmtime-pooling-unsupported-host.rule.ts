import type { Evidence, Remediation } from '@memfleet/contracts';
import type { Facts, ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, compareVersions, count, GiB, KiB, MiB } from '../../engine/units';

/** One slot of the stack pool: 2 MiB stack + 4 KiB guard page (Spin defaults). */
export const STACK_SLOT_BYTES = 2 * MiB + 4 * KiB;
/** One slot of the memory pool: 4 GiB reservation + 2 GiB guard; the pool adds 2 GiB once. */
export const MEMORY_SLOT_BYTES = 6 * GiB;
const MEMORY_POOL_EXTRA = 2 * GiB;
const DEFAULT_INSTANCES = 1000;
const FIXED_SPIN = '2.6.0';

interface Pool {
  instances: number;
  stackPoolBytes: number;
  memoryPoolBytes: number;
}

function poolOf(p: ProcessFacts): Pool {
  const s = p.runtime('spin')?.spin;
  const env = p.config.env ?? {};
  const num = (v: number | null | undefined, e?: string) => v ?? (e !== undefined && /^\d+$/.test(e) ? Number(e) : null);
  const instances = num(s?.maxInstanceCount, env.SPIN_MAX_INSTANCE_COUNT) ?? num(s?.instanceCount, env.SPIN_WASMTIME_INSTANCE_COUNT) ?? DEFAULT_INSTANCES;
  const stacks = num(s?.totalStacks, env.SPIN_WASMTIME_TOTAL_STACKS) ?? instances;
  const memories = num(s?.totalMemories, env.SPIN_WASMTIME_TOTAL_MEMORIES) ?? instances;
  return { instances, stackPoolBytes: stacks * STACK_SLOT_BYTES, memoryPoolBytes: memories * MEMORY_SLOT_BYTES + MEMORY_POOL_EXTRA };
}

/** Bytes the kernel will let one committed mapping take, by overcommit mode; null when unknown or unlimited. */
function commitRoom(f: Facts): { bytes: number | null; what: string } | null {
  switch (f.overcommitMemory) {
    case 0:
      // Mode 0 refuses one allocation larger than RAM + swap [inference, mm/util.c].
      return f.memTotalBytes === null || f.swapTotalBytes === null ? null : { bytes: f.memTotalBytes + f.swapTotalBytes, what: `RAM ${bytes(f.memTotalBytes)} + swap ${bytes(f.swapTotalBytes)}` };
    case 1:
      return { bytes: null, what: 'vm.overcommit_memory=1 (always overcommit)' };
    case 2:
      return f.commitLimitBytes === null || f.committedAsBytes === null
        ? null
        : { bytes: f.commitLimitBytes - f.committedAsBytes, what: `commit headroom ${bytes(f.commitLimitBytes - f.committedAsBytes)} (CommitLimit − Committed_AS)` };
    case null:
      return null;
  }
}

export const wasmtimePoolingUnsupportedHost: RuleDefinition = {
  id: 'wasmtime-pooling-unsupported-host',
  version: 1,
  title: 'Wasmtime pooling allocator on a host that cannot hold its pools',
  explanation:
    'Spin turned on Wasmtime’s pooling allocator by default in v1.5.0. With Spin’s defaults (1,000 instances, memories and stacks) the stack pool is one committed read-write mapping of ' +
    '1,000 × (2 MiB + 4 KiB) = 2,101,248,000 bytes, and the memory pool reserves about 6 TiB of PROT_NONE address space — more than a 39-bit (512 GiB) user address space. ' +
    'With vm.overcommit_memory=0 the kernel refuses one allocation larger than RAM + swap (an inference from mm/util.c), so 1–2 GB hosts fail with "failed to create stack pool mapping … ' +
    'Cannot allocate memory" (spin#2119); a finite RLIMIT_AS below the reservation fails too, and qemu-user ignores madvise(MADV_DONTNEED), which pooling relies on (wasmtime#2518). ' +
    'Hangs under QEMU full-system emulation are reported (spin#1785) but their root cause is open, and claims tying them to THP are unconfirmed upstream. ' +
    'Spin 2.6.0 and later probe with a 2^42-byte reservation at start and fall back to the on-demand allocator.',
  severityLogic:
    'For each Spin/Wasmtime process with pooling in effect (Spin < 2.6.0 without --disable-pooling, or SPIN_WASMTIME_POOLING=1): critical when the stack pool cannot be committed (mode 0: RAM + swap < stack pool; mode 2: commit headroom < stack pool), the user address space or a finite RLIMIT_AS is below the memory pool, or the process runs under qemu-user; warning when the host is QEMU-emulated (TCG) or has less than 2 GiB of RAM; info for Spin ≥ 2.6.0 on such a host (it turns pooling off by itself).',
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
    { title: 'spin PR #2508: probe and fall back (v2.6.0)', url: 'https://github.com/spinframework/spin/pull/2508' },
    { title: 'wasmtime#8610', url: 'https://github.com/bytecodealliance/wasmtime/pull/8610' },
    { title: 'wasmtime#2518: qemu-user ignores MADV_DONTNEED', url: 'https://github.com/bytecodealliance/wasmtime/issues/2518' },
  ],
  remediationKeys: ['spin.upgrade', 'spin.disable-pooling', 'spin.shrink-pool', 'sysctl.overcommit-or-swap', 'ulimit.address-space'],
  thresholds: [{ name: 'smallHostBytes', default: 2 * GiB, unit: 'bytes', description: 'Hosts with less RAM get a warning even when the pool fits.' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const procs = [...new Set([...facts.withRuntime('spin'), ...facts.withRuntime('wasmtime')])];
    if (procs.length === 0) return [notApplicable('No Spin or Wasmtime process on this host.')];
    return procs.map((p) => judge(p, facts, thresholds.smallHostBytes));
  },
};

function judge(p: ProcessFacts, f: Facts, smallHostBytes: number): RuleOutput {
  const spin = p.runtime('spin');
  const env = p.config.env ?? {};
  const poolingEnv = spin?.spin?.poolingEnv ?? env.SPIN_WASMTIME_POOLING ?? null;
  const version = spin?.version ?? p.runtime('wasmtime')?.version ?? null;
  if (poolingEnv === '0' || spin?.spin?.disablePoolingFlag) return pass(p.subject, 'Pooling is turned off (--disable-pooling or SPIN_WASMTIME_POOLING=0).');
  let autoFallback = false;
  if (spin) {
    if (poolingEnv !== '1') {
      if (!version) {
        return notEvaluated(p.subject, 'Whether pooling is in effect depends on the Spin version, which is unknown.', [
          { fact: 'runtimes[kind=spin].version', suppliedBy: 'agent read of /proc/<pid>/exe (SYS_PTRACE), or a runtimes.d declaration {"kind":"spin","version":"…"}' },
        ]);
      }
      autoFallback = compareVersions(version, FIXED_SPIN) >= 0;
    }
  } else if (p.runtime('wasmtime')?.spin?.wasmtimePoolingFlag !== true) {
    return pass(p.subject, 'The wasmtime CLI uses the on-demand allocator unless -O pooling-allocator=y is given.');
  }

  const pool = poolOf(p);
  const room = commitRoom(f);
  const vaBytes = f.userVaBits !== null ? 2 ** f.userVaBits : null;
  const reasons: string[] = [];
  const commitShort = room?.bytes !== null && room?.bytes !== undefined && room.bytes < pool.stackPoolBytes;
  const rlimitShort = !!p.config.rlimitAsBytes && p.config.rlimitAsBytes < pool.memoryPoolBytes;
  if (commitShort && room?.bytes != null) reasons.push(`the stack pool needs ${bytes(pool.stackPoolBytes)} committed; ${room.what}`);
  if (vaBytes !== null && vaBytes < pool.memoryPoolBytes) reasons.push(`the memory pool reserves ${bytes(pool.memoryPoolBytes)}; the user address space is ${f.userVaBits}-bit (${bytes(vaBytes)})`);
  if (rlimitShort && p.config.rlimitAsBytes) reasons.push(`RLIMIT_AS is ${bytes(p.config.rlimitAsBytes)}, below the ${bytes(pool.memoryPoolBytes)} reservation`);
  if (p.config.emulator) reasons.push(`it runs under ${p.config.emulator}, which ignores madvise(MADV_DONTNEED)`);
  const small = f.memTotalBytes !== null && f.memTotalBytes < smallHostBytes;
  const emulated = f.qemuEmulated === true;

  const evidence: Evidence[] = [
    ev('stackPoolBytes', 'Stack pool (committed)', pool.stackPoolBytes, 'bytes'),
    ev('memoryPoolBytes', 'Memory pool (reserved)', pool.memoryPoolBytes, 'bytes'),
    ev('instances', 'Pool instances', pool.instances, 'count'),
    ev('memTotalBytes', 'RAM', f.memTotalBytes, 'bytes'),
    ev('swapTotalBytes', 'Swap', f.swapTotalBytes, 'bytes'),
    ev('overcommitMemory', 'vm.overcommit_memory', f.overcommitMemory, 'count'),
    ev('userVaBits', 'User address bits', f.userVaBits, 'bits'),
    ev('qemuEmulated', 'QEMU-emulated (TCG)', f.qemuEmulated, 'flag'),
    ev('version', 'Version', version, 'text'),
  ];
  // Only the fixes that address what is wrong on this host, plus the general ones.
  const steps = remediation(p, f, pool, version).filter(
    (s) => (s.key !== 'sysctl.overcommit-or-swap' || commitShort) && (s.key !== 'ulimit.address-space' || rlimitShort),
  );
  if (autoFallback) {
    if (reasons.length || small || emulated) {
      return hit(p.subject, 'info', `Spin ${version} probes the host and turns pooling off by itself here (${reasons[0] ?? (small ? `only ${bytes(f.memTotalBytes)} of RAM` : 'QEMU-emulated host')}).`, evidence, []);
    }
    return pass(p.subject, `Spin ${version} with pooling; the pools fit this host.`, evidence);
  }
  if (reasons.length) return hit(p.subject, 'critical', `Pooling cannot start: ${reasons.join('; ')}.`, evidence, steps);
  if (emulated || small) {
    return hit(p.subject, 'warning', `Pooling on a ${emulated ? 'QEMU-emulated (TCG) host, where hangs are reported with an open root cause' : `host with only ${bytes(f.memTotalBytes)} of RAM`}.`, evidence, steps);
  }
  if (!room && vaBytes === null) {
    return notEvaluated(p.subject, 'Pooling is in effect, but neither the commit room nor the address space of the host is known.', [
      { fact: 'configuration.vm.overcommitMemory + memory sizes', suppliedBy: 'agent read of /proc/sys/vm and /proc/meminfo' },
      { fact: 'configuration.cpu.userVirtualAddressBits', suppliedBy: 'agent read of /proc/cpuinfo or the kernel config' },
    ], evidence);
  }
  return pass(p.subject, `The pools fit: ${bytes(pool.stackPoolBytes)} committed, ${bytes(pool.memoryPoolBytes)} reserved.`, evidence);
}

function remediation(p: ProcessFacts, f: Facts, pool: Pool, version: string | null): Remediation[] {
  const room = commitRoom(f);
  const byStack = room?.bytes ? Math.floor(room.bytes / STACK_SLOT_BYTES) : Infinity;
  const byVa = f.userVaBits !== null ? Math.floor((2 ** f.userVaBits - MEMORY_POOL_EXTRA) / MEMORY_SLOT_BYTES) : Infinity;
  const byRlimit = p.config.rlimitAsBytes ? Math.floor((p.config.rlimitAsBytes - MEMORY_POOL_EXTRA) / MEMORY_SLOT_BYTES) : Infinity;
  // Half of what would just fit, so the rest of the process still has room.
  const fit = Math.max(1, Math.floor(Math.min(byStack, byVa, byRlimit, pool.instances) / 2));
  const neededSwap = room?.bytes !== null && room?.bytes !== undefined && f.overcommitMemory === 0 ? Math.max(0, pool.stackPoolBytes - room.bytes) : 0;
  return [
    {
      key: 'spin.upgrade',
      title: `Upgrade Spin to ${FIXED_SPIN} or later`,
      text: `Spin ${FIXED_SPIN}+ probes the host at start and falls back to the on-demand allocator when pooling cannot work${version ? `; this process runs ${version}` : ''}.`,
      source: 'https://github.com/spinframework/spin/pull/2508',
    },
    {
      key: 'spin.disable-pooling',
      title: 'Turn pooling off',
      text: 'Start with `spin up --disable-pooling`, or set `SPIN_WASMTIME_POOLING=0` in the service environment (wasmtime CLI: `-O pooling-allocator=n`).',
      commands: ['systemctl edit <unit>  # [Service] Environment=SPIN_WASMTIME_POOLING=0'],
    },
    {
      key: 'spin.shrink-pool',
      title: `Shrink the pool to ${count(fit)} instances`,
      text: `${count(fit)} instances need ${bytes(fit * STACK_SLOT_BYTES)} of stacks and reserve ${bytes(fit * MEMORY_SLOT_BYTES + MEMORY_POOL_EXTRA)}: \`SPIN_MAX_INSTANCE_COUNT=${fit}\` (Spin ≥ 3.4.0), or \`SPIN_WASMTIME_INSTANCE_COUNT=${fit} SPIN_WASMTIME_TOTAL_MEMORIES=${fit} SPIN_WASMTIME_TOTAL_STACKS=${fit}\` on older releases.`,
    },
    {
      key: 'sysctl.overcommit-or-swap',
      title: 'Let the stack pool be committed',
      text: `\`sysctl -w vm.overcommit_memory=1\` (persist in /etc/sysctl.d/90-spin.conf)${neededSwap > 0 ? `, or add at least ${bytes(neededSwap)} of swap` : ''}.`,
      commands: ['sysctl -w vm.overcommit_memory=1', "echo 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-spin.conf"],
    },
    { key: 'ulimit.address-space', title: 'Lift the address-space limit', text: 'Run with `ulimit -v unlimited` (systemd: `LimitAS=infinity`).' },
  ];
}
