import type { Evidence, MissingFact, Remediation } from '@memfleet/contracts';
import type { Facts, ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, compareVersions, GiB, KiB, MiB } from '../../engine/units';
import { SPIN_FIX, swapAdvice, WASMTIME_STEPS } from './wasmtime-pooling-unsupported-host.content';

/** One slot of the stack pool: 2 MiB stack + 4 KiB guard page (Spin defaults). */
export const STACK_SLOT_BYTES = 2 * MiB + 4 * KiB;
/** One slot of the memory pool: 4 GiB reservation + 2 GiB guard; the pool adds 2 GiB once. */
export const MEMORY_SLOT_BYTES = 6 * GiB;
const MEMORY_POOL_EXTRA = 2 * GiB;
const DEFAULT_INSTANCES = 1000;
const DIGITS = /^\d+$/;
const FIXED_SPIN = '2.6.0';

interface Pool {
  instances: number;
  stackPoolBytes: number;
  memoryPoolBytes: number;
}

function poolOf(p: ProcessFacts): Pool {
  const s = p.runtime('spin')?.spin;
  const env = p.config.env ?? {};
  const num = (v: number | null | undefined, e?: string) => v ?? (e !== undefined && DIGITS.test(e) ? Number(e) : null);
  const instances = num(s?.maxInstanceCount, env.SPIN_MAX_INSTANCE_COUNT) ?? num(s?.instanceCount, env.SPIN_WASMTIME_INSTANCE_COUNT) ?? DEFAULT_INSTANCES;
  const stacks = num(s?.totalStacks, env.SPIN_WASMTIME_TOTAL_STACKS) ?? instances;
  const memories = num(s?.totalMemories, env.SPIN_WASMTIME_TOTAL_MEMORIES) ?? instances;
  return { instances, stackPoolBytes: stacks * STACK_SLOT_BYTES, memoryPoolBytes: memories * MEMORY_SLOT_BYTES + MEMORY_POOL_EXTRA };
}

interface CommitRoom {
  /** null: no limit (mode 1). */
  bytes: number | null;
  what: string;
}

/** Bytes the kernel will let one committed mapping take, by overcommit mode; null when unknown. */
function commitRoom(f: Facts): CommitRoom | null {
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
  version: 2,
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
  outcomes: {
    pass: 'Pooling is off (--disable-pooling, SPIN_WASMTIME_POOLING=0, the wasmtime CLI default), or the stack pool can be committed and the memory pool reserved on this host.',
    notApplicable: 'No process on the host has a Spin or Wasmtime runtime (one host-level result).',
    notEvaluated: 'The Spin version is unknown (so whether pooling is in effect is), or the commit room (overcommit mode and memory sizes) or the user address-space size is unknown.',
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
  remediationKeys: WASMTIME_STEPS.keys,
  remediationTemplates: WASMTIME_STEPS.templates,
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
  const rlimit = p.config.rlimitAsBytes ?? null;
  const reasons: string[] = [];
  const commitShort = room !== null && room.bytes !== null && room.bytes < pool.stackPoolBytes;
  const rlimitShort = rlimit !== null && rlimit < pool.memoryPoolBytes;
  if (commitShort) reasons.push(`the stack pool needs ${bytes(pool.stackPoolBytes)} committed; ${room.what}`);
  if (vaBytes !== null && vaBytes < pool.memoryPoolBytes) reasons.push(`the memory pool reserves ${bytes(pool.memoryPoolBytes)}; the user address space is ${f.userVaBits}-bit (${bytes(vaBytes)})`);
  if (rlimitShort) reasons.push(`RLIMIT_AS is ${bytes(rlimit)}, below the ${bytes(pool.memoryPoolBytes)} reservation`);
  if (p.config.emulator) reasons.push(`it runs under ${p.config.emulator}, which ignores madvise(MADV_DONTNEED)`);
  const small = f.memTotalBytes !== null && f.memTotalBytes < smallHostBytes;
  // QEMU with KVM runs guest code natively: only TCG emulation counts.
  const emulated = f.qemuEmulated === true && f.kvmAccelerated !== true;

  const evidence: Evidence[] = [
    ev('stackPoolBytes', 'Stack pool (committed)', pool.stackPoolBytes, 'bytes'),
    ev('memoryPoolBytes', 'Memory pool (reserved)', pool.memoryPoolBytes, 'bytes'),
    ev('instances', 'Pool instances', pool.instances, 'count'),
    ev('memTotalBytes', 'RAM', f.memTotalBytes, 'bytes'),
    ev('swapTotalBytes', 'Swap', f.swapTotalBytes, 'bytes'),
    ev('overcommitMemory', 'vm.overcommit_memory', f.overcommitMemory, 'count'),
    ev('commitRoomBytes', 'Largest commit the kernel allows', room?.bytes ?? null, 'bytes'),
    ev('userVaBits', 'User address bits', f.userVaBits, 'bits'),
    ev('rlimitAsBytes', 'RLIMIT_AS', rlimit, 'bytes'),
    ev('qemuEmulated', 'QEMU-emulated (TCG)', emulated, 'flag'),
    ev('version', 'Version', version, 'text'),
  ];
  if (autoFallback) {
    if (reasons.length || small || emulated) {
      return hit(p.subject, 'info', `Spin ${version} probes the host and turns pooling off by itself here (${reasons[0] ?? (small ? `only ${bytes(f.memTotalBytes)} of RAM` : 'QEMU-emulated host')}).`, evidence, []);
    }
    return pass(p.subject, `Spin ${version} with pooling; the pools fit this host.`, evidence);
  }
  // Only the fixes that address what is wrong on this host, plus the general ones.
  const steps = remediation(p, f, pool, version, room, commitShort, rlimitShort);
  if (reasons.length) return hit(p.subject, 'critical', `Pooling cannot start: ${reasons.join('; ')}.`, evidence, steps);
  if (emulated || small) {
    return hit(p.subject, 'warning', `Pooling on a ${emulated ? 'QEMU-emulated (TCG) host, where hangs are reported with an open root cause' : `host with only ${bytes(f.memTotalBytes)} of RAM`}.`, evidence, steps);
  }
  const missing: MissingFact[] = [];
  if (room === null) missing.push({ fact: 'configuration.vm.overcommitMemory with configuration.memory.{memTotalBytes,swapTotalBytes} (mode 0) or metrics.{commitLimitBytes,committedAsBytes} (mode 2)', suppliedBy: 'agent read of /proc/sys/vm/overcommit_memory and /proc/meminfo' });
  if (vaBytes === null) missing.push({ fact: 'configuration.cpu.userVirtualAddressBits', suppliedBy: 'agent read of /proc/cpuinfo "address sizes" or the kernel config' });
  if (missing.length) return notEvaluated(p.subject, 'Pooling is in effect, but whether this host can hold its pools is not known.', missing, evidence);
  return pass(p.subject, `The pools fit: ${bytes(pool.stackPoolBytes)} committed, ${bytes(pool.memoryPoolBytes)} reserved.`, evidence);
}

function remediation(p: ProcessFacts, f: Facts, pool: Pool, version: string | null, room: CommitRoom | null, commitShort: boolean, rlimitShort: boolean): Remediation[] {
  const roomBytes = room?.bytes ?? null;
  const byStack = roomBytes !== null ? Math.floor(Math.max(0, roomBytes) / STACK_SLOT_BYTES) : Infinity;
  const vaRoom = f.userVaBits !== null ? 2 ** f.userVaBits : null;
  const limit = Math.min(vaRoom ?? Infinity, p.config.rlimitAsBytes ?? Infinity);
  const byVa = Number.isFinite(limit) ? Math.floor(Math.max(0, limit - MEMORY_POOL_EXTRA) / MEMORY_SLOT_BYTES) : Infinity;
  // Half of what would just fit, so the rest of the process still has room.
  const fit = Math.max(1, Math.floor(Math.min(byStack, byVa, pool.instances) / 2));
  const neededSwap = roomBytes !== null && f.overcommitMemory === 0 ? Math.max(0, pool.stackPoolBytes - roomBytes) : 0;
  const values = {
    version: version ?? 'an unknown version',
    unit: p.systemdUnit ?? '<unit>',
    fit,
    fitStackBytes: fit * STACK_SLOT_BYTES,
    fitReserveBytes: fit * MEMORY_SLOT_BYTES + MEMORY_POOL_EXTRA,
    commitRoom: roomBytes !== null ? bytes(roomBytes) : 'without limit',
    vaRoom: Number.isFinite(limit) ? bytes(limit) : 'unknown',
    stackPoolBytes: pool.stackPoolBytes,
    memoryPoolBytes: pool.memoryPoolBytes,
    overcommit: f.overcommitMemory,
    swapAdvice: swapAdvice(neededSwap > 0 ? bytes(neededSwap) : null),
    rlimit: p.config.rlimitAsBytes ?? null,
  };
  const steps: Remediation[] = [];
  if (p.runtime('spin')) steps.push(WASMTIME_STEPS.render('spin.upgrade', values));
  steps.push(WASMTIME_STEPS.render('spin.disable-pooling', values));
  if (p.runtime('spin')) steps.push(WASMTIME_STEPS.render('spin.shrink-pool', values));
  if (commitShort) steps.push(WASMTIME_STEPS.render('sysctl.overcommit-or-swap', values));
  if (rlimitShort) steps.push(WASMTIME_STEPS.render('ulimit.address-space', values));
  return steps;
}
