import type { ProcessMetrics } from '@memfleet/contracts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { GROWTH_STEPS } from './process-memory-growth.content';

interface Sample {
  at: number; // epoch ms
  rss: number;
}

interface WindowSample {
  at: number;
  processes: readonly ProcessMetrics[];
}

/** The subject's first RSS in the window, for a subject absent from the oldest sample. */
function firstSample(window: readonly WindowSample[], subject: string): Sample | null {
  for (const w of window) {
    for (const p of w.processes) if (p.subject === subject && p.rssBytes !== null && p.rssBytes !== undefined) return { at: w.at, rss: p.rssBytes };
  }
  return null;
}

function seriesOf(window: readonly WindowSample[], subject: string): Sample[] {
  const out: Sample[] = [];
  for (const w of window) {
    const p = w.processes.find((x) => x.subject === subject);
    if (p && p.rssBytes !== null && p.rssBytes !== undefined) out.push({ at: w.at, rss: p.rssBytes });
  }
  return out;
}

const tooFew = (minSamples: number, windowHours: number): RuleOutput =>
  notEvaluated('', `Fewer than ${minSamples} reports in the last ${windowHours} h to compare.`, [
    { fact: `metrics.processes[].rssBytes in ${minSamples}+ reports over ${windowHours} h`, suppliedBy: 'memfleet-agent run --interval (e.g. 5m) reporting continuously' },
  ]);

const HOUR_MS = 3600_000;

export const processMemoryGrowth: RuleDefinition = {
  id: 'process-memory-growth',
  version: 2,
  title: 'Process memory growing steadily across reports',
  explanation:
    'A process whose resident memory rises report after report, with few drops, is leaking or fragmenting; diffing snapshots over time (the brief’s “diff snapshots to find leaks”) ' +
    'finds it before the OOM killer does. memfleet compares the RSS of the same subject (stable across restarts and pids) over the host’s reports of the last windowSeconds, and needs most steps to be rises so a ' +
    'garbage-collected sawtooth does not fire. The window, sample count and growth lines are memfleet defaults, not upstream figures.',
  severityLogic:
    'For each subject with at least minSamples RSS samples in the last windowSeconds (6 h), growth = (last − first) / first, at least minGrowthBytes (64 MiB), and at least minRisingStepsPercent (80) of steps not falling: ' +
    'critical when growth ≥ criticalGrowthPercent (50), warning when ≥ warningGrowthPercent (20); otherwise one host-level pass.',
  outcomes: {
    pass: 'No subject grows steadily past the warning line within the window (one host-level result).',
    notApplicable: 'The report carries no process RSS (one host-level result).',
    notEvaluated: 'Fewer than minSamples reports of the host fall in the window (one host-level result).',
  },
  facts: ['metrics.processes[].rssBytes (this report and the host’s earlier samples)', 'collectedAt'],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (per-VM pools, snapshot diffs)', url: 'https://blog.codingnow.com/2015/07/lua_allocator.html' },
    { title: 'proc(5): /proc/<pid>/status VmRSS', url: 'https://man7.org/linux/man-pages/man5/proc.5.html' },
  ],
  remediationKeys: GROWTH_STEPS.keys,
  remediationTemplates: GROWTH_STEPS.templates,
  thresholds: [
    { name: 'windowSeconds', default: 6 * 3600, unit: 'seconds', description: 'How far back reports are compared.' },
    { name: 'minSamples', default: 4, unit: 'count', description: 'Samples (this report included) needed in the window.' },
    { name: 'warningGrowthPercent', default: 20, unit: 'percent', description: 'Growth over the window from which the rule warns.' },
    { name: 'criticalGrowthPercent', default: 50, unit: 'percent', description: 'Growth over the window from which the rule is critical.' },
    { name: 'minGrowthBytes', default: 64 * MiB, unit: 'bytes', description: 'Smaller absolute growth is ignored.' },
    { name: 'minRisingStepsPercent', default: 80, unit: 'percent', description: 'Share of steps between samples that must not fall (filters a GC sawtooth).' },
  ],
  appliesTo: 'process',

  evaluate({ facts, history, thresholds }) {
    const current = facts.report.metrics.processes.filter((p) => p.rssBytes !== null && p.rssBytes !== undefined);
    if (current.length === 0) return [notApplicable('No process RSS in this report.')];
    const now = Date.parse(facts.report.collectedAt);
    const since = now - thresholds.windowSeconds * 1000;
    const windowHours = thresholds.windowSeconds / 3600;
    const window: WindowSample[] = [];
    for (const h of history) {
      const at = Date.parse(h.collectedAt);
      if (at >= since && at < now) window.push({ at, processes: h.metrics.processes });
    }
    if (window.length + 1 < thresholds.minSamples) return [tooFew(thresholds.minSamples, windowHours)];
    // Growth is measured from a subject's first sample in the window, so only the oldest sample is indexed;
    // a subject's full series is read only when that comparison already crosses the warning line.
    const oldest = new Map<string, number>();
    for (const p of window[0].processes) if (p.rssBytes !== null && p.rssBytes !== undefined) oldest.set(p.subject, p.rssBytes);
    const results: RuleOutput[] = [];
    let judged = 0;
    for (const p of current) {
      const rss = p.rssBytes!;
      const atOldest = oldest.get(p.subject);
      const start = atOldest !== undefined ? { at: window[0].at, rss: atOldest } : firstSample(window, p.subject);
      if (!start) continue;
      judged++;
      const grown = rss - start.rss;
      const percent = start.rss > 0 ? (grown / start.rss) * 100 : 0;
      if (grown < thresholds.minGrowthBytes || percent < thresholds.warningGrowthPercent) continue;
      const samples = [...seriesOf(window, p.subject), { at: now, rss }];
      if (samples.length < thresholds.minSamples) continue;
      const first = samples[0];
      const last = samples[samples.length - 1];
      let rises = 0;
      for (let i = 1; i < samples.length; i++) if (samples[i].rss >= samples[i - 1].rss) rises++;
      const steady = (rises / (samples.length - 1)) * 100 >= thresholds.minRisingStepsPercent;
      if (!steady) continue;
      const hours = (last.at - first.at) / HOUR_MS;
      const perHour = hours > 0 ? grown / hours : grown;
      const severity = percent >= thresholds.criticalGrowthPercent ? 'critical' : 'warning';
      const exe = facts.processes.find((x) => x.subject === p.subject)?.config.exe ?? p.subject;
      const values = { exe, perHourBytes: perHour, perDayBytes: perHour * 24, firstBytes: first.rss, lastBytes: last.rss };
      results.push(
        hit(
          p.subject,
          severity,
          `RSS grew ${Math.floor(percent)}% in ${hours.toFixed(1)} h (${bytes(first.rss)} → ${bytes(last.rss)}, ${bytes(perHour)}/h) across ${samples.length} reports, rising in ${rises} of ${samples.length - 1} steps.`,
          [
            ev('firstRssBytes', 'RSS at window start', first.rss, 'bytes'),
            ev('lastRssBytes', 'RSS now', last.rss, 'bytes'),
            ev('growthPercent', 'Growth', Math.floor(percent * 10) / 10, 'percent'),
            ev('growthBytesPerSecond', 'Growth rate', Math.round(perHour / 3600), 'bytes/s'),
            ev('spanSeconds', 'Compared over', Math.round((last.at - first.at) / 1000), 'seconds'),
            ev('samples', 'Samples', samples.length, 'count'),
            ev('risingSteps', 'Steps not falling', rises, 'count'),
          ],
          [GROWTH_STEPS.render('process.capture-heap-profile', values), GROWTH_STEPS.render('allocator.replay-trace', values)],
        ),
      );
    }
    if (results.length) return results;
    if (judged === 0) return [tooFew(thresholds.minSamples, windowHours)];
    return [pass('', `${judged} process(es) compared over ${windowHours} h; none growing steadily past ${thresholds.warningGrowthPercent}%.`)];
  },
};
