import { formatCpuList, hasGaps, parseCpuList, type Remediation } from '@memfleet/contracts';
import type { Facts, HistorySample, ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions } from '../../engine/units';
import { TCMALLOC_STEPS } from './tcmalloc-cpu-hotplug-crash.content';

// First Envoy release whose pinned tcmalloc contains cbbe578d — likely 1.34, unconfirmed upstream.
const FIXED_ENVOY = '1.34.0';

interface LateCpu {
  cpu: number;
  at: number;
  source: string;
}

/** CPUs that came online after `start` (seconds since boot): kernel log and sampler events, then changes between reports. */
function cpusOnlinedAfter(f: Facts, history: readonly HistorySample[], start: number): LateCpu[] {
  const late: LateCpu[] = [];
  for (const e of f.hotplugEvents) {
    if ((e.action === 'online' || e.action === 'hot-added') && e.cpu !== null && e.cpu !== undefined && e.atSecondsSinceBoot > start && (!e.bootId || !f.bootId || e.bootId === f.bootId)) {
      late.push({ cpu: e.cpu, at: e.atSecondsSinceBoot, source: e.source });
    }
  }
  if (f.bootTimeEpochSeconds !== null) {
    // A CPU in a later report's online set but not in the one before, once the process was running.
    const samples = [...history.map((h) => ({ at: Date.parse(h.collectedAt) / 1000 - f.bootTimeEpochSeconds!, online: parseCpuList(h.cpuOnline) })), { at: Date.parse(f.report.collectedAt) / 1000 - f.bootTimeEpochSeconds, online: f.cpuOnline }];
    for (let i = 1; i < samples.length; i++) {
      const prev = samples[i - 1].online;
      const cur = samples[i].online;
      if (!prev || !cur || samples[i - 1].at < start || samples[i - 1].at < 0) continue;
      const before = new Set(prev);
      for (const cpu of cur) if (!before.has(cpu) && !late.some((l) => l.cpu === cpu)) late.push({ cpu, at: samples[i].at, source: 'report-diff' });
    }
  }
  return late;
}

function affected(p: ProcessFacts): { why: string; version: string | null } | null {
  const envoy = p.runtime('envoy');
  if (envoy) {
    if (envoy.envoy?.tcmallocBuild === 'gperftools' || p.config.allocator === 'tcmalloc-gperftools') return null;
    return { why: `Envoy ${envoy.version ?? '(version unknown)'}`, version: envoy.version ?? null };
  }
  return p.config.allocator === 'tcmalloc-google' ? { why: 'statically linked Google TCMalloc of unknown revision', version: null } : null;
}

export const tcmallocCpuHotplugCrash: RuleDefinition = {
  id: 'tcmalloc-cpu-hotplug-crash',
  version: 2,
  title: 'Google TCMalloc older than cbbe578d crashes after vCPU hot-add',
  explanation:
    'Before tcmalloc commit cbbe578d (2023-07-24), per-CPU caches are sized once from the online CPU count at start; a CPU id at or above that size after a hot-add, or gaps in the online set, ' +
    'index past the arrays — an inference consistent with tcmalloc#188 (Envoy 1.24.4 segfault in CpuCache<>::Refill()) and tcmalloc#267 (Envoy 1.25.9 crashes at every vCPU hot-add; gperftools builds do not). ' +
    'cbbe578d switches to possible CPUs; that hot-add is then covered only within the boot-time possible mask is unconfirmed upstream. Envoy ≤ 1.25.x pins tcmalloc 59400332, later releases e33c7bc, ' +
    'and envoy#38235 (January 2025) moved to 5da4a882, which contains cbbe578d; the first Envoy release with it is likely 1.34 (unconfirmed).',
  severityLogic:
    'For each process using Google TCMalloc older than cbbe578d (Envoy < 1.34 unless built with gperftools): critical when a CPU came online after the process started or the online set has gaps; warning when the host can hot-add CPUs (possible > online) but none has been added since the process started.',
  outcomes: {
    pass: 'Envoy ≥ 1.34, or all possible CPUs are online, contiguous, and none came online after the process started.',
    notApplicable: 'No process links Google TCMalloc (no Envoy, or Envoy built with gperftools) — one host-level result.',
    notEvaluated: 'The Envoy version is unknown, the online CPU set is unknown, or CPUs came online this boot but the process start time is unknown.',
  },
  facts: [
    'configuration.processes[].allocator',
    'metrics.processes[].startTimeSecondsSinceBoot',
    'configuration.processes[].runtimes[kind=envoy].{version,envoy.tcmallocBuild}',
    'configuration.cpu.{possible,present,online}',
    'metrics.cpuHotplug.{events,windowStartSecondsSinceBoot}',
    'configuration.host.{bootId,bootTimeEpochSeconds}',
  ],
  sources: [
    { title: 'tcmalloc#267: Envoy 1.25.9 crashes at vCPU hot-add', url: 'https://github.com/google/tcmalloc/issues/267' },
    { title: 'tcmalloc#188: non-sequential CPUs, CpuCache<>::Refill() segfault', url: 'https://github.com/google/tcmalloc/issues/188' },
    { title: 'tcmalloc cbbe578d: core counts from possible CPUs', url: 'https://github.com/google/tcmalloc/commit/cbbe578d' },
    { title: 'envoy#27775', url: 'https://github.com/envoyproxy/envoy/issues/27775' },
    { title: 'envoy#38235: tcmalloc moved to 5da4a882', url: 'https://github.com/envoyproxy/envoy/pull/38235' },
  ],
  remediationKeys: TCMALLOC_STEPS.keys,
  remediationTemplates: TCMALLOC_STEPS.templates,
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts, history }) {
    const candidates = facts.processes.map((p) => ({ p, a: affected(p) })).filter((x): x is { p: ProcessFacts; a: { why: string; version: string | null } } => x.a !== null);
    if (candidates.length === 0) return [notApplicable('No process linking Google TCMalloc (Envoy, or a declared tcmalloc build).')];
    return candidates.map(({ p, a }): RuleOutput => {
      if (p.runtime('envoy')) {
        if (!a.version) return notEvaluated(p.subject, 'Envoy’s version (and so its tcmalloc revision) is unknown.', [{ fact: 'runtimes[kind=envoy].version', suppliedBy: 'agent read of /proc/<pid>/exe, or a runtimes.d declaration {"kind":"envoy","version":"…","tcmallocBuild":"google|gperftools"}' }]);
        if (compareVersions(a.version, FIXED_ENVOY) >= 0) return pass(p.subject, `Envoy ${a.version}: its tcmalloc includes cbbe578d (first release with it likely 1.34, unconfirmed).`);
      }
      if (!facts.cpuOnline) return notEvaluated(p.subject, 'The online CPU set is unknown.', [{ fact: 'configuration.cpu.online', suppliedBy: 'agent read of /sys/devices/system/cpu/online' }]);
      const start = p.metrics?.startTimeSecondsSinceBoot ?? null;
      const late = start === null ? [] : cpusOnlinedAfter(facts, history, start);
      const gaps = hasGaps(facts.cpuOnline);
      if (start === null && !gaps && cpusOnlinedAfter(facts, history, 0).length > 0) {
        // CPUs came online this boot; whether before or after the process started decides the outcome.
        return notEvaluated(p.subject, 'CPUs came online during this boot, but when the process started is unknown.', [
          { fact: 'metrics.processes[].startTimeSecondsSinceBoot', suppliedBy: 'agent read of /proc/<pid>/stat field 22' },
        ]);
      }
      const possible = facts.cpuPossible ?? facts.cpuPresent;
      const capable = possible !== null && possible.length > facts.cpuOnline.length;
      const window = facts.hotplugWindow;
      const windowMisses = start !== null && (window === null || window.start === null || window.start > start);
      const evidence = [
        ev('online', 'Online CPUs', formatCpuList(facts.cpuOnline), 'text'),
        ev('possible', 'Possible CPUs', possible ? formatCpuList(possible) : null, 'text'),
        ev('processStart', 'Process started (s since boot)', start, 'seconds'),
        ev('lateCpus', 'CPUs onlined after start', late.map((l) => `${l.cpu}@${Math.round(l.at)}s (${l.source})`).join(', ') || 'none', 'text'),
        ev('onlineGaps', 'Online set has gaps', gaps, 'flag'),
        ev('subjectOf', 'Allocator', a.why, 'text'),
      ];
      if (late.length || gaps) {
        const what = late.length
          ? `CPU${late.length > 1 ? 's' : ''} ${late.map((l) => l.cpu).join(', ')} came online after ${a.why} started (at ${Math.round(start ?? 0)} s since boot)`
          : `the online CPU set ${formatCpuList(facts.cpuOnline)} has gaps`;
        return hit(p.subject, 'critical', `${what}: its per-CPU caches were sized for fewer CPUs.`, evidence, remediation(p, facts.cpuOnline, possible, a.version, late.length > 0));
      }
      if (capable) {
        const unknown = windowMisses ? ' The hot-plug record does not cover the whole life of the process, so an earlier hot-add cannot be ruled out.' : '';
        return hit(p.subject, 'warning', `The host can hot-add CPUs (possible ${formatCpuList(possible!)}, online ${formatCpuList(facts.cpuOnline)}); ${a.why} would crash on the first one.${unknown}`, evidence, remediation(p, facts.cpuOnline, possible, a.version, false));
      }
      return pass(p.subject, `All possible CPUs (${formatCpuList(facts.cpuOnline)}) are online and contiguous.`, evidence);
    });
  },
};

function remediation(p: ProcessFacts, online: number[], possible: number[] | null, version: string | null, late: boolean): Remediation[] {
  const values = {
    online: formatCpuList(online),
    onlineCount: online.length,
    possible: possible ? formatCpuList(possible) : 'unknown',
    exe: p.config.exe ?? '<binary>',
    unit: p.systemdUnit ?? '<unit>',
    version: version ?? 'a build of unknown version',
    restartNow: late ? ', and restart this one now' : '',
  };
  const steps: Remediation[] = [TCMALLOC_STEPS.render('process.restart-after-hot-add', values)];
  if (p.runtime('envoy')) steps.push(TCMALLOC_STEPS.render('envoy.upgrade-tcmalloc', values), TCMALLOC_STEPS.render('envoy.build-gperftools', values));
  steps.push(TCMALLOC_STEPS.render('process.pin-online-cpus', values));
  if (possible !== null && possible.length > online.length) steps.push(TCMALLOC_STEPS.render('kernel.possible-cpus', values));
  return steps;
}
