import { formatCpuList, hasGaps, parseCpuList, type Remediation } from '@memfleet/contracts';
import type { FactKey, FactsOf, ProcessFacts } from '../../engine/facts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions } from '../../engine/units';
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

/** CPUs that came online after `start` (seconds since boot): kernel log and sampler events, then changes between reports. */
function cpusOnlinedAfter(f: In, start: number): LateCpu[] {
  const late: LateCpu[] = [];
  for (const e of f.hotplugEvents) {
    if (
      (e.action === 'online' || e.action === 'hot-added') &&
      e.cpu !== null &&
      e.cpu !== undefined &&
      e.atSecondsSinceBoot > start &&
      (!e.bootId || !f.bootId || e.bootId === f.bootId)
    ) {
      late.push({ cpu: e.cpu, at: e.atSecondsSinceBoot, source: e.source });
    }
  }
  if (f.bootTimeEpochSeconds !== null) {
    // A CPU in a later report's online set but not in the one before, once the process was running.
    // A set, not a scan of `late`: 13 samples of up to MAX_CPUS ids stay linear work.
    const seen = new Set(late.map((l) => l.cpu));
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

function affected(p: ProcessFacts): { why: string; version: string | null } | null {
  const envoy = p.runtime('envoy');
  if (envoy) {
    if (envoy.envoy?.tcmallocBuild === 'gperftools' || p.config.allocator === 'tcmalloc-gperftools') return null;
    return { why: C.summaries.envoy(envoy.version ?? null), version: envoy.version ?? null };
  }
  return p.config.allocator === 'tcmalloc-google' ? { why: C.summaries.staticTcmalloc, version: null } : null;
}

export const tcmallocCpuHotplugCrash = defineRule(C, {
  id: 'tcmalloc-cpu-hotplug-crash',
  version: 2,
  inputs: INPUTS,
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const candidates = facts.processes
      .map((p) => ({ p, a: affected(p) }))
      .filter((x): x is { p: ProcessFacts; a: { why: string; version: string | null } } => x.a !== null);
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
      const evidence = [
        C.ev('online', formatCpuList(facts.cpuOnline), 'text'),
        C.ev('possible', possible ? formatCpuList(possible) : null, 'text'),
        C.ev('processStart', start, 'seconds'),
        C.ev('lateCpus', C.summaries.lateCpus(late), 'text'),
        C.ev('onlineGaps', gaps, 'flag'),
        C.ev('subjectOf', a.why, 'text'),
      ];
      if (late.length || gaps) {
        const what = late.length
          ? C.summaries.cameOnline(
              late.map((l) => l.cpu),
              a.why,
              start ?? 0,
            )
          : C.summaries.gaps(formatCpuList(facts.cpuOnline));
        return hit(p.subject, 'critical', C.summaries.crash(what), evidence, remediation(p, facts.cpuOnline, possible, a.version, late.length > 0));
      }
      if (capable) {
        const summary = C.summaries.canHotAdd(formatCpuList(possible!), formatCpuList(facts.cpuOnline), a.why, windowMisses);
        return hit(p.subject, 'warning', summary, evidence, remediation(p, facts.cpuOnline, possible, a.version, false));
      }
      return pass(p.subject, C.summaries.allOnline(formatCpuList(facts.cpuOnline)), evidence);
    });
  },
});

function remediation(p: ProcessFacts, online: number[], possible: number[] | null, version: string | null, late: boolean): Remediation[] {
  const values = {
    online: formatCpuList(online),
    onlineCount: online.length,
    possible: possible ? formatCpuList(possible) : null,
    exe: p.config.exe ?? '<binary>',
    unit: p.systemdUnit ?? '<unit>',
    version: version ?? C.summaries.unknownBuild,
    restartNow: late ? C.summaries.restartNow : '',
  };
  const steps: Remediation[] = [C.remediation.render('process.restart-after-hot-add', values)];
  if (p.runtime('envoy')) steps.push(C.remediation.render('envoy.upgrade-tcmalloc', values), C.remediation.render('envoy.build-gperftools', values));
  steps.push(C.remediation.render('process.pin-online-cpus', values));
  if (possible !== null && possible.length > online.length) steps.push(C.remediation.render('kernel.possible-cpus', values));
  return steps;
}
