import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { GROWTH_STEPS } from './process-memory-growth.content';

interface Sample {
  at: number; // epoch ms
  rss: number;
}

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
    const series = new Map<string, Sample[]>();
    for (const h of history) {
      const at = Date.parse(h.collectedAt);
      if (at < since || at >= now) continue;
      for (const p of h.metrics.processes) {
        if (p.rssBytes === null || p.rssBytes === undefined) continue;
        const list = series.get(p.subject);
        if (list) list.push({ at, rss: p.rssBytes });
        else series.set(p.subject, [{ at, rss: p.rssBytes }]);
      }
    }
    const results: RuleOutput[] = [];
    let judged = 0;
    for (const p of current) {
      const earlier = series.get(p.subject) ?? [];
      if (earlier.length + 1 < thresholds.minSamples) continue;
      const samples = [...earlier, { at: now, rss: p.rssBytes! }];
      judged++;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const grown = last.rss - first.rss;
      const percent = first.rss > 0 ? (grown / first.rss) * 100 : 0;
      let rises = 0;
      for (let i = 1; i < samples.length; i++) if (samples[i].rss >= samples[i - 1].rss) rises++;
      const steady = (rises / (samples.length - 1)) * 100 >= thresholds.minRisingStepsPercent;
      if (!steady || grown < thresholds.minGrowthBytes || percent < thresholds.warningGrowthPercent) continue;
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
    if (judged === 0) {
      return [
        notEvaluated('', `Fewer than ${thresholds.minSamples} reports in the last ${windowHours} h to compare.`, [
          { fact: `metrics.processes[].rssBytes in ${thresholds.minSamples}+ reports over ${windowHours} h`, suppliedBy: 'memfleet-agent run --interval (e.g. 5m) reporting continuously' },
        ]),
      ];
    }
    return [pass('', `${judged} process(es) compared over ${windowHours} h; none growing steadily past ${thresholds.warningGrowthPercent}%.`)];
  },
};
