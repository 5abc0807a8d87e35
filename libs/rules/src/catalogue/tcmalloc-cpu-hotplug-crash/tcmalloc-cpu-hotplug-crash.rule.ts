import { formatCpuList, hasGaps, parseCpuList, type Remediation } from '@memfleet/contracts';
import type { FactKey, FactsOf, ProcessFacts } from '../../engine/facts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { knownOr, placeholder, type Placeholder } from '../../engine/render';
import { compareVersions, sinceBoot } from '../../engine/units';
import { TCMALLOC_CONTENT as C } from './tcmalloc-cpu-hotplug-crash.content';

const INPUTS = [
  'processes',
  'cpuOnline',
  'cpuPossible',
  'cpuPresent',
  'hotplugEvents',
  'hotplugWindow',
  'bootId',
  'bootTimeEpochSeconds',
  'collectedAt',
  'history',
] as const satisfies readonly FactKey[];
type In = FactsOf<typeof INPUTS>;

// First Envoy release whose pinned tcmalloc contains cbbe578d — likely 1.34, unconfirmed upstream.
const FIXED_ENVOY = '1.34.0';

interface LateCpu {
  cpu: number;
  at: number;
  source: string;
}

/**
 * CPUs that came online after `start` (seconds since boot): kernel log and sampler events, then changes between
 * reports. One entry per CPU, its earliest event: the kernel logs a hot-add twice ("CPU6 has been hot-added", then
 * "Booting … Processor 6").
 */
function cpusOnlinedAfter(f: In, start: number): LateCpu[] {
  const first = new Map<number, LateCpu>();
  for (const e of f.hotplugEvents) {
    if (
      (e.action === 'online' || e.action === 'hot-added') &&
      e.cpu !== null &&
      e.cpu !== undefined &&
      e.atSecondsSinceBoot > start &&
      (!e.bootId || !f.bootId || e.bootId === f.bootId)
    ) {
      const known = first.get(e.cpu);
      if (!known || e.atSecondsSinceBoot < known.at) first.set(e.cpu, { cpu: e.cpu, at: e.atSecondsSinceBoot, source: e.source });
    }
  }
  const late = [...first.values()].sort((x, y) => x.at - y.at || x.cpu - y.cpu);
  if (f.bootTimeEpochSeconds !== null) {
    // A CPU in a later report's online set but not in the one before, once the process was running.
    // A set, not a scan of `late`: 13 samples of up to MAX_CPUS ids stay linear work.
    const seen = new Set(first.keys());
    const samples = [
      ...f.history.map((h) => ({ at: Date.parse(h.collectedAt) / 1000 - f.bootTimeEpochSeconds!, online: parseCpuList(h.cpuOnline) })),
      { at: Date.parse(f.collectedAt) / 1000 - f.bootTimeEpochSeconds, online: f.cpuOnline },
    ];
    for (let i = 1; i < samples.length; i++) {
      const prev = samples[i - 1].online;
      const cur = samples[i].online;
      if (!prev || !cur || samples[i - 1].at < start || samples[i - 1].at < 0) continue;
      const before = new Set(prev);
      for (const cpu of cur) {
        if (before.has(cpu) || seen.has(cpu)) continue;
        seen.add(cpu);
        late.push({ cpu, at: samples[i].at, source: 'report-diff' });
      }
    }
  }
  return late;
}

interface Affected {
  /** How the text names the process: "Envoy 1.25.9". */
  why: string;
  version: string | null;
  envoy: boolean;
}

function affected(p: ProcessFacts): Affected | null {
  const envoy = p.runtime('envoy');
  if (envoy) {
    if (envoy.envoy?.tcmallocBuild === 'gperftools' || p.config.allocator === 'tcmalloc-gperftools') return null;
    return { why: C.summaries.envoy(envoy.version ?? null), version: envoy.version ?? null, envoy: true };
  }
  return p.config.allocator === 'tcmalloc-google' ? { why: C.summaries.staticTcmalloc, version: null, envoy: false } : null;
}

/**
 * The CPUs online when the process started: today's set with every later change undone, newest first. Null when the
 * record does not reach back to the start, or an event after it names no CPU.
 */
export function onlineAtStart(f: In, start: number | null, late: readonly LateCpu[]): number[] | null {
  const window = f.hotplugWindow;
  if (start === null || !f.cpuOnline || window === null || window.start === null || window.start > start) return null;
  const after = f.hotplugEvents
    .filter((e) => e.action !== 'allowing' && e.atSecondsSinceBoot > start && (!e.bootId || !f.bootId || e.bootId === f.bootId))
    .sort((x, y) => y.atSecondsSinceBoot - x.atSecondsSinceBoot);
  if (after.some((e) => e.cpu === null || e.cpu === undefined)) return null;
  const set = new Set(f.cpuOnline);
  for (const e of after) {
    if (e.action === 'offline') set.add(e.cpu!);
    else set.delete(e.cpu!);
  }
  // Changes seen only between reports came after the start too.
  for (const l of late) if (l.source === 'report-diff') set.delete(l.cpu);
  return [...set].sort((x, y) => x - y);
}

export const tcmallocCpuHotplugCrash = defineRule(C, {
  id: 'tcmalloc-cpu-hotplug-crash',
  version: 4,
  inputs: INPUTS,
  // Only where the hot-plug record starts decides (its end moves with every report).
  metrics: { process: { startTimeSecondsSinceBoot: 'exact' }, host: { hotplugWindow: { only: ['start'] } } },
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const candidates = facts.processes.map((p) => ({ p, a: affected(p) })).filter((x): x is { p: ProcessFacts; a: Affected } => x.a !== null);
    if (candidates.length === 0) return [notApplicable(C.summaries.absent)];
    return candidates.map(({ p, a }): RuleOutput => {
      if (p.runtime('envoy')) {
        if (!a.version) return notEvaluated(p.subject, C.summaries.envoyVersionUnknown, [C.missing.envoyVersion]);
        if (compareVersions(a.version, FIXED_ENVOY) >= 0) return pass(p.subject, C.summaries.envoyFixed(a.version));
      }
      if (!facts.cpuOnline) return notEvaluated(p.subject, C.summaries.onlineUnknown, [C.missing.cpuOnline]);
      const start = p.metrics?.startTimeSecondsSinceBoot ?? null;
      const late = start === null ? [] : cpusOnlinedAfter(facts, start);
      const gaps = hasGaps(facts.cpuOnline);
      // CPUs came online this boot; whether before or after the process started decides the outcome.
      if (start === null && !gaps && cpusOnlinedAfter(facts, 0).length > 0) return notEvaluated(p.subject, C.summaries.startUnknown, [C.missing.startTime]);
      const possible = facts.cpuPossible ?? facts.cpuPresent;
      const capable = possible !== null && possible.length > facts.cpuOnline.length;
      const window = facts.hotplugWindow;
      const windowMisses = start !== null && (window === null || window.start === null || window.start > start);
      const atStart = onlineAtStart(facts, start, late);
      const allowed = parseCpuList(p.config.cpusAllowedList ?? null);
      const pinned = pinnedWithin(allowed, atStart, facts.cpuOnline);
      const evidence = [
        C.ev('online', formatCpuList(facts.cpuOnline), 'text'),
        C.ev('possible', possible ? formatCpuList(possible) : null, 'text'),
        C.ev('processStart', start, 'seconds'),
        C.ev('onlineAtStart', atStart ? formatCpuList(atStart) : null, 'text'),
        C.ev('cpusAllowed', allowed ? formatCpuList(allowed) : null, 'text'),
        C.ev('lateCpus', C.summaries.lateCpus(late, facts.bootTimeEpochSeconds), 'text'),
        C.ev('onlineGaps', gaps, 'flag'),
        a.envoy ? C.ev('envoyVersion', a.version, 'text') : C.ev('allocator', C.summaries.staticAllocator, 'text'),
      ];
      const host: HostCpus = { online: facts.cpuOnline, possible, atStart, start, bootEpoch: facts.bootTimeEpochSeconds, gaps, pinned };
      // Pinned within the CPUs its caches were sized for, the process never runs on a later or out-of-range id: one step down.
      const pinNote = pinned && allowed ? C.summaries.pinnedAlready(formatCpuList(allowed)) : '';
      if (late.length || gaps) {
        const what = late.length
          ? C.summaries.cameOnline(
              late.map((l) => l.cpu),
              a.why,
              start ?? 0,
              facts.bootTimeEpochSeconds,
            )
          : C.summaries.gaps(formatCpuList(facts.cpuOnline));
        return hit(p.subject, pinned ? 'warning' : 'critical', C.summaries.crash(what) + pinNote, evidence, remediation(p, a, host, late.length > 0));
      }
      if (capable) {
        const summary = C.summaries.canHotAdd(formatCpuList(possible!), formatCpuList(facts.cpuOnline), a.why, windowMisses) + pinNote;
        return hit(p.subject, pinned ? 'info' : 'warning', summary, evidence, remediation(p, a, host, false));
      }
      return pass(p.subject, C.summaries.allOnline(formatCpuList(facts.cpuOnline)), evidence);
    });
  },
});

/** The ids a process may use safely: online when it started and below their count (the caches are indexed by id). */
function safeIds(atStart: readonly number[] | null): number[] {
  return atStart?.filter((cpu) => cpu < atStart.length) ?? [];
}

/**
 * Its affinity (Cpus_allowed_list) is already within the safe ids: the pin the rule would advise is in place. An
 * affinity that is every online CPU is no pin (an unrestricted task gets hot-added CPUs too), so it must leave one out.
 */
function pinnedWithin(allowed: readonly number[] | null, atStart: readonly number[] | null, online: readonly number[]): boolean {
  const safe = new Set(safeIds(atStart));
  if (allowed === null || allowed.length === 0 || safe.size === 0 || !allowed.every((cpu) => safe.has(cpu))) return false;
  const set = new Set(allowed);
  return online.some((cpu) => !set.has(cpu));
}

interface HostCpus {
  online: number[];
  possible: number[] | null;
  /** Null when the record cannot tell. */
  atStart: number[] | null;
  start: number | null;
  bootEpoch: number | null;
  gaps: boolean;
  /** Its affinity is already within the safe ids. */
  pinned: boolean;
}

function remediation(p: ProcessFacts, a: Affected, h: HostCpus, late: boolean): Remediation[] {
  const pinnable = safeIds(h.atStart);
  const cpus: string | Placeholder = pinnable.length ? formatCpuList(pinnable) : placeholder('CPUS', C.summaries.cpusMeans(a.why));
  const unit = knownOr(p.systemdUnit, placeholder('UNIT', C.summaries.unitMeans(a.why)));
  const container = p.config.containerId ?? null;
  const values = {
    online: formatCpuList(h.online),
    onlineCount: h.online.length,
    possible: h.possible ? formatCpuList(h.possible) : null,
    cpus,
    pinReason: typeof cpus === 'string' && h.start !== null ? C.summaries.pinKnown(cpus, sinceBoot(h.start, h.bootEpoch)) : C.summaries.pinUnknown,
    // The whole command line it was started with: `taskset -c 0-1 envoy` alone would start an Envoy without its config.
    command: knownOr(commandLine(p), placeholder('COMMAND', C.summaries.commandMeans(a.why))),
    unit,
    container: container ? container.slice(0, 12) : '',
    restartVerb: !p.systemdUnit && container ? C.summaries.dockerRestart : C.summaries.systemctlRestart,
    restartTarget: !p.systemdUnit && container ? container.slice(0, 12) : unit,
    version: a.version ?? C.summaries.unknownBuild,
    // Pinned, the running process is safe until the pin goes: no need to restart it now.
    restartNow: late && !h.pinned ? C.summaries.restartNow : '',
  };
  const steps: Remediation[] = [];
  // With gaps in the online set a restart or a smaller possible mask leaves the gap: only the allocator fixes help.
  if (!h.gaps) steps.push(C.remediation.render('process.restart-after-hot-add', values));
  if (a.envoy) steps.push(C.remediation.render('envoy.upgrade-tcmalloc', values), C.remediation.render('envoy.build-gperftools', values));
  // How it is started decides where the pin goes: its unit, its container, else its own command line.
  if (!h.pinned) {
    const pinKey = p.systemdUnit ? 'process.pin-unit' : container ? 'process.pin-container' : 'process.pin-online-cpus';
    steps.push(C.remediation.render(pinKey, values));
  }
  if (!h.gaps && h.possible !== null && h.possible.length > h.online.length) steps.push(C.remediation.render('kernel.possible-cpus', values));
  return steps;
}

/** The command line as reported, unless the agent redacted part of it (a copy would not start it). */
function commandLine(p: ProcessFacts): string | null {
  const cmd = p.config.cmdline?.trim() || null;
  return cmd && !cmd.includes('***') ? cmd : null;
}
