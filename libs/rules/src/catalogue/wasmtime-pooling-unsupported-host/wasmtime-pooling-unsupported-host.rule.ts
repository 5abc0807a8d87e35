import type { Evidence, MissingFact, Remediation } from '@memfleet/contracts';
import type { FactKey, FactsOf, ProcessFacts } from '../../engine/facts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { knownOr, placeholder } from '../../engine/render';
import { bytes, compareVersions, GiB, KiB, MiB } from '../../engine/units';
import { WASMTIME_CONTENT as C } from './wasmtime-pooling-unsupported-host.content';

const INPUTS = [
  'withRuntime',
  'overcommitMemory',
  'memTotalBytes',
  'swapTotalBytes',
  'commitLimitBytes',
  'committedAsBytes',
  'userVaBits',
  'qemuEmulated',
  'kvmAccelerated',
] as const satisfies readonly FactKey[];
type In = FactsOf<typeof INPUTS>;

/** One slot of the stack pool: 2 MiB stack + 4 KiB guard page (Spin defaults). */
export const STACK_SLOT_BYTES = 2 * MiB + 4 * KiB;
/** One slot of the memory pool: 4 GiB reservation + 2 GiB guard; the pool adds 2 GiB once. */
export const MEMORY_SLOT_BYTES = 6 * GiB;
const MEMORY_POOL_EXTRA = 2 * GiB;
const DEFAULT_INSTANCES = 1000;
const DIGITS = /^\d+$/;
const FIXED_SPIN = '2.6.0';
/** The first Spin that reads SPIN_MAX_INSTANCE_COUNT; older ones size the pool from SPIN_WASMTIME_*. */
const MAX_INSTANCE_SPIN = '3.4.0';
/** Spin ≥ 2.6.0 probes with one reservation of this size; where it cannot be made, pooling is turned off. */
const SPIN_PROBE_BYTES = 2 ** 42;
const UNIT = placeholder('UNIT', C.summaries.unitMeans);

interface Pool {
  instances: number;
  stackPoolBytes: number;
  memoryPoolBytes: number;
}

/** Whether this Spin reads SPIN_MAX_INSTANCE_COUNT: true from 3.4.0, false before, null when the version is unknown. */
function readsMaxInstanceCount(version: string | null): boolean | null {
  return version === null ? null : compareVersions(version, MAX_INSTANCE_SPIN) >= 0;
}

function poolOf(p: ProcessFacts, version: string | null): Pool {
  const s = p.runtime('spin')?.spin;
  const env = p.config.env ?? {};
  const num = (v: number | null | undefined, e?: string) => v ?? (e !== undefined && DIGITS.test(e) ? Number(e) : null);
  // A Spin that may not read SPIN_MAX_INSTANCE_COUNT is not credited with it: the pool it ignores is still the default.
  const maxCount = readsMaxInstanceCount(version) === true ? num(s?.maxInstanceCount, env.SPIN_MAX_INSTANCE_COUNT) : null;
  const instances = maxCount ?? num(s?.instanceCount, env.SPIN_WASMTIME_INSTANCE_COUNT) ?? DEFAULT_INSTANCES;
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
function commitRoom(f: In): CommitRoom | null {
  switch (f.overcommitMemory) {
    case 0:
      // Mode 0 refuses one allocation larger than RAM + swap [inference, mm/util.c].
      return f.memTotalBytes === null || f.swapTotalBytes === null
        ? null
        : { bytes: f.memTotalBytes + f.swapTotalBytes, what: C.summaries.roomRamAndSwap(f.memTotalBytes, f.swapTotalBytes) };
    case 1:
      return { bytes: null, what: C.summaries.roomUnlimited };
    case 2:
      return f.commitLimitBytes === null || f.committedAsBytes === null
        ? null
        : { bytes: f.commitLimitBytes - f.committedAsBytes, what: C.summaries.roomHeadroom(f.commitLimitBytes - f.committedAsBytes) };
    case null:
      return null;
  }
}

export const wasmtimePoolingUnsupportedHost = defineRule(C, {
  id: 'wasmtime-pooling-unsupported-host',
  version: 5,
  inputs: INPUTS,
  // Committed memory moves on every sample: the commit room is judged on a 2% grid.
  metrics: { process: {}, host: { commitLimitBytes: { tolerance: 0.02 }, committedAsBytes: { tolerance: 0.02 } } },
  // Without a Spin or Wasmtime process it is not applicable: committed memory then decides nothing.
  onlyWithRuntimes: ['spin', 'wasmtime'],
  thresholds: [{ name: 'smallHostBytes', default: 2 * GiB, unit: 'bytes' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const procs = [...new Set([...facts.withRuntime('spin'), ...facts.withRuntime('wasmtime')])];
    if (procs.length === 0) return [notApplicable(C.summaries.absent)];
    return procs.map((p) => judge(p, facts, thresholds.smallHostBytes));
  },
});

function judge(p: ProcessFacts, f: In, smallHostBytes: number): RuleOutput {
  const spin = p.runtime('spin');
  const env = p.config.env ?? {};
  const poolingEnv = spin?.spin?.poolingEnv ?? env.SPIN_WASMTIME_POOLING ?? null;
  const version = spin?.version ?? p.runtime('wasmtime')?.version ?? null;
  if (poolingEnv === '0' || spin?.spin?.disablePoolingFlag) return pass(p.subject, C.summaries.poolingOff);
  let autoFallback = false;
  if (spin) {
    if (poolingEnv !== '1') {
      if (!version) return notEvaluated(p.subject, C.summaries.spinVersionUnknown, [C.missing.spinVersion]);
      autoFallback = compareVersions(version, FIXED_SPIN) >= 0;
    }
  } else if (p.runtime('wasmtime')?.spin?.wasmtimePoolingFlag !== true) {
    return pass(p.subject, C.summaries.wasmtimeOnDemand);
  }

  const pool = poolOf(p, spin ? version : null);
  const room = commitRoom(f);
  const vaBytes = f.userVaBits !== null ? 2 ** f.userVaBits : null;
  // undefined: the limit was not read; null: unlimited.
  const rlimitRead = p.config.rlimitAsBytes;
  const rlimit = rlimitRead ?? null;
  const reasons: string[] = [];
  // QEMU with KVM runs guest code natively: only TCG emulation counts.
  const emulated = f.qemuEmulated === true && f.kvmAccelerated !== true;
  const causes: Causes = {
    commit: room !== null && room.bytes !== null && room.bytes < pool.stackPoolBytes,
    addressSpace: vaBytes !== null && vaBytes < pool.memoryPoolBytes,
    rlimit: rlimit !== null && rlimit < pool.memoryPoolBytes,
    emulator: !!p.config.emulator,
    tcg: emulated,
  };
  if (causes.commit) reasons.push(C.summaries.commitShort(pool.stackPoolBytes, room!.what));
  if (causes.addressSpace) reasons.push(C.summaries.addressSpaceShort(pool.memoryPoolBytes, f.userVaBits, vaBytes!));
  if (causes.rlimit) reasons.push(C.summaries.rlimitShort(rlimit!, pool.memoryPoolBytes));
  if (p.config.emulator) reasons.push(C.summaries.emulator(p.config.emulator));
  // The 2.6.0 probe is one 4 TiB reservation: it tests address space only. Where that reservation fits, the probe
  // succeeds and pooling stays on [inference from the probe's size], so the process is judged like an older Spin.
  const probeLimit = Math.min(vaBytes ?? Infinity, rlimit ?? Infinity);
  const probePasses = autoFallback && vaBytes !== null && rlimitRead !== undefined && probeLimit >= SPIN_PROBE_BYTES;
  if (probePasses) autoFallback = false;
  const said = (summary: string) => (probePasses ? `${C.summaries.probePasses(version)} ${summary}` : summary);
  const small = f.memTotalBytes !== null && f.memTotalBytes < smallHostBytes;

  const evidence: Evidence[] = [
    C.ev('stackPoolBytes', pool.stackPoolBytes, 'bytes'),
    C.ev('memoryPoolBytes', pool.memoryPoolBytes, 'bytes'),
    C.ev('instances', pool.instances, 'count'),
    C.ev('memTotalBytes', f.memTotalBytes, 'bytes'),
    C.ev('swapTotalBytes', f.swapTotalBytes, 'bytes'),
    f.overcommitMemory === null ? C.ev('overcommitMemory', null, 'text') : C.ev('overcommitMemory', C.summaries.overcommitMode(f.overcommitMemory), 'text'),
    C.ev('commitRoomBytes', room?.bytes ?? null, 'bytes'),
    C.ev('userVaBits', f.userVaBits, 'bits'),
    // Unlimited reads as a word; a limit that was not read stays unknown.
    rlimitRead === null ? C.ev('rlimitAsBytes', C.summaries.unlimited, 'text') : C.ev('rlimitAsBytes', rlimitRead ?? null, 'bytes'),
    C.ev('qemuEmulated', emulated, 'flag'),
    C.ev('version', version, 'text'),
  ];
  if (autoFallback) {
    if (reasons.length || small || emulated) {
      return hit(
        p.subject,
        'info',
        C.summaries.autoFallback(version, reasons[0] ?? (small ? C.summaries.onlyRam(f.memTotalBytes) : C.summaries.qemuHost)),
        evidence,
        [],
      );
    }
    return pass(p.subject, C.summaries.autoFallbackFits(version), evidence);
  }
  // Only the fixes that address what is wrong on this host, plus the general ones.
  const forced = poolingEnv === '1';
  if (reasons.length)
    return hit(p.subject, 'critical', said(C.summaries.cannotStart(reasons)), evidence, remediation(p, f, pool, version, room, causes, forced));
  if (emulated) return hit(p.subject, 'warning', said(C.summaries.emulatedHost), evidence, remediation(p, f, pool, version, room, 'emulated', forced));
  if (small) return hit(p.subject, 'warning', said(C.summaries.smallHost(f.memTotalBytes)), evidence, remediation(p, f, pool, version, room, 'small', forced));
  const missing: MissingFact[] = [];
  if (room === null) missing.push(C.missing.commitRoom);
  if (vaBytes === null) missing.push(C.missing.userVaBits);
  if (missing.length) return notEvaluated(p.subject, C.summaries.fitUnknown, missing, evidence);
  return pass(p.subject, C.summaries.fits(pool.stackPoolBytes, pool.memoryPoolBytes), evidence);
}

/** What stops pooling on this host; each cause-specific step is offered only when it is the only cause. */
interface Causes {
  commit: boolean;
  addressSpace: boolean;
  rlimit: boolean;
  emulator: boolean;
  /** QEMU full-system emulation (TCG): a risk with pooling at any pool size, not a shortfall. */
  tcg: boolean;
}

/**
 * Only the steps that can work on this host: a step that removes one cause is offered when that cause is the only
 * one (overcommit cannot make a 5.86 TiB pool fit a 512 GiB address space), the shrink only when some pool fits.
 */
function remediation(
  p: ProcessFacts,
  f: In,
  pool: Pool,
  version: string | null,
  room: CommitRoom | null,
  why: Causes | 'emulated' | 'small',
  forced: boolean,
): Remediation[] {
  const causes: Causes = typeof why === 'object' ? why : { commit: false, addressSpace: false, rlimit: false, emulator: false, tcg: why === 'emulated' };
  const spin = !!p.runtime('spin');
  const roomBytes = room?.bytes ?? null;
  const byStack = roomBytes !== null ? Math.floor(Math.max(0, roomBytes) / STACK_SLOT_BYTES) : Infinity;
  const vaRoom = f.userVaBits !== null ? 2 ** f.userVaBits : null;
  const limit = Math.min(vaRoom ?? Infinity, p.config.rlimitAsBytes ?? Infinity);
  const byVa = Number.isFinite(limit) ? Math.floor(Math.max(0, limit - MEMORY_POOL_EXTRA) / MEMORY_SLOT_BYTES) : Infinity;
  const justFits = Math.min(byStack, byVa, pool.instances);
  // Half of what would just fit, so the rest of the process keeps the other half; 0 when not even that fits.
  const fit = Math.floor(justFits / 2);
  const variables = poolVariables(readsMaxInstanceCount(version), fit);
  const neededSwap = roomBytes !== null && f.overcommitMemory === 0 ? Math.max(0, pool.stackPoolBytes - roomBytes) : 0;
  const values = {
    version: version ?? C.summaries.unknownVersion,
    unit: knownOr(p.systemdUnit, UNIT),
    fit,
    fitInstances: C.summaries.instances(fit),
    variables: variables.assignments,
    variablesNote: variables.note,
    fitStackBytes: fit * STACK_SLOT_BYTES,
    fitReserveBytes: fit * MEMORY_SLOT_BYTES + MEMORY_POOL_EXTRA,
    commitClause: C.summaries.commitClause(room === null ? null : roomBytes !== null ? bytes(roomBytes) : C.summaries.withoutLimit),
    vaClause: C.summaries.vaClause(Number.isFinite(limit) ? limit : null),
    probeRoom: Number.isFinite(limit) ? limit : null,
    stackPoolBytes: pool.stackPoolBytes,
    memoryPoolBytes: pool.memoryPoolBytes,
    overcommit: f.overcommitMemory,
    swapAdvice: C.summaries.swapAdvice(neededSwap > 0 ? bytes(neededSwap) : null),
    rlimit: p.config.rlimitAsBytes ?? null,
  };
  const only = (cause: keyof Causes) => causes[cause] && Object.entries(causes).every(([k, v]) => k === cause || !v);
  // What a smaller pool can remove: a pool that does not fit, or one that takes most of a small host's RAM.
  const shortfall = causes.commit || causes.addressSpace || causes.rlimit;
  const steps: Remediation[] = [];
  // The 2.6.0 probe turns pooling off only where its 4 TiB reservation fails; a forced SPIN_WASMTIME_POOLING=1 skips it.
  if (spin && !forced && why !== 'emulated' && Number.isFinite(limit) && limit < SPIN_PROBE_BYTES) steps.push(C.remediation.render('spin.upgrade', values));
  if (why === 'emulated') steps.push(C.remediation.render('spin.disable-pooling-under-qemu', values));
  else steps.push(C.remediation.render(spin ? 'spin.disable-pooling' : 'wasmtime.disable-pooling', values));
  // A smaller pool cannot help under qemu-user (madvise is ignored at any size) nor against TCG hangs: it is offered
  // only where a pool does not fit, and under TCG it leaves the emulation risk in place, so it only mitigates there.
  if (spin && (shortfall || why === 'small') && !causes.emulator && fit >= 1)
    steps.push(C.remediation.render(causes.tcg ? 'spin.shrink-pool-under-qemu' : 'spin.shrink-pool', values));
  if (only('commit')) steps.push(C.remediation.render('sysctl.overcommit-or-swap', values));
  if (only('rlimit')) steps.push(C.remediation.render('ulimit.address-space', values));
  return steps;
}

/** The pool-size variables this Spin reads; when its version is unknown, both sets (each release ignores the other's). */
function poolVariables(readsMax: boolean | null, n: number): { assignments: string; note: string } {
  const older = `SPIN_WASMTIME_INSTANCE_COUNT=${n} SPIN_WASMTIME_TOTAL_MEMORIES=${n} SPIN_WASMTIME_TOTAL_STACKS=${n}`;
  if (readsMax === true) return { assignments: `SPIN_MAX_INSTANCE_COUNT=${n}`, note: C.summaries.variablesMax };
  if (readsMax === false) return { assignments: older, note: C.summaries.variablesOlder };
  return { assignments: `SPIN_MAX_INSTANCE_COUNT=${n} ${older}`, note: C.summaries.variablesUnknownVersion };
}
