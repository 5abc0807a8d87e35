import { ev, hit, notEvaluated, pass, notApplicable, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';

interface Sample {
  at: number; // epoch ms
  rss: number;
}

export const processMemoryGrowth: RuleDefinition = {
  id: 'process-memory-growth',
  version: 1,
  title: 'Process memory growing steadily across reports',
  explanation:
    'A process whose resident memory rises report after report, with few drops, is leaking or fragmenting; comparing snapshots over time (the brief’s “diff snapshots to find leaks”) ' +
    'finds it before the OOM killer does. memfleet compares the RSS of the same subject over the last windowHours of the host’s reports, and needs most steps to be rises so a ' +
    'garbage-collected sawtooth does not fire. The window, sample count and growth lines are memfleet defaults, not upstream figures.',
  severityLogic:
    'For each subject with at least minSamples RSS samples in the last windowHours, growth = (last − first) / first, at least minGrowthBytes, and ≥ 80% of steps not falling: critical when growth ≥ criticalGrowthPercent (50), warning when ≥ warningGrowthPercent (20); otherwise one host-level pass.',
  facts: ['metrics.processes[].rssBytes (this report and earlier ones)', 'collectedAt'],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (per-VM pools, snapshot diffs)', url: 'https://blog.codingnow.com/2015/07/lua_allocator.html' },
    { title: 'proc(5): /proc/<pid>/status VmRSS', url: 'https://man7.org/linux/man-pages/man5/proc.5.html' },
  ],
  remediationKeys: ['process.capture-heap-profile', 'allocator.replay-trace'],
  thresholds: [
    { name: 'windowHours', default: 6, unit: 'count', description: 'Hours of reports compared.' },
    { name: 'minSamples', default: 4, unit: 'count', description: 'Samples needed in the window.' },
    { name: 'warningGrowthPercent', default: 20, unit: 'percent', description: 'Growth over the window from which the rule warns.' },
    { name: 'criticalGrowthPercent', default: 50, unit: 'percent', description: 'Growth over the window from which the rule is critical.' },
    { name: 'minGrowthBytes', default: 64 * MiB, unit: 'bytes', description: 'Smaller absolute growth is ignored.' },
  ],
  appliesTo: 'process',

  evaluate({ facts, history, thresholds }) {
    const current = facts.report.metrics.processes.filter((p) => p.rssBytes !== null && p.rssBytes !== undefined);
    if (current.length === 0) return [notApplicable('No process RSS in this report.')];
    const now = Date.parse(facts.report.collectedAt);
    const since = now - thresholds.windowHours * 3600_000;
    const series = new Map<string, Sample[]>();
    for (const h of history) {
      const at = Date.parse(h.collectedAt);
      if (at < since || at >= now) continue;
      for (const p of h.metrics.processes) {
        if (p.rssBytes === null || p.rssBytes === undefined) continue;
        const list = series.get(p.subject) ?? [];
        list.push({ at, rss: p.rssBytes });
        series.set(p.subject, list);
      }
    }
    const results: RuleOutput[] = [];
    let judged = 0;
    for (const p of current) {
      const samples = [...(series.get(p.subject) ?? []), { at: now, rss: p.rssBytes! }];
      if (samples.length < thresholds.minSamples) continue;
      judged++;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const grown = last.rss - first.rss;
      const percent = first.rss > 0 ? (grown / first.rss) * 100 : 0;
      let rises = 0;
      for (let i = 1; i < samples.length; i++) if (samples[i].rss >= samples[i - 1].rss) rises++;
      const steady = rises / (samples.length - 1) >= 0.8;
      if (!steady || grown < thresholds.minGrowthBytes || percent < thresholds.warningGrowthPercent) continue;
      const hours = (last.at - first.at) / 3600_000;
      const perHour = hours > 0 ? grown / hours : grown;
      const severity = percent >= thresholds.criticalGrowthPercent ? 'critical' : 'warning';
      results.push(
        hit(
          p.subject,
          severity,
          `RSS grew ${percent.toFixed(0)}% in ${hours.toFixed(1)} h (${bytes(first.rss)} → ${bytes(last.rss)}, ${bytes(perHour)}/h) across ${samples.length} reports, rising in ${rises} of ${samples.length - 1} steps.`,
          [
            ev('firstRssBytes', 'RSS at window start', first.rss, 'bytes'),
            ev('lastRssBytes', 'RSS now', last.rss, 'bytes'),
            ev('growthPercent', 'Growth', Number(percent.toFixed(1)), 'percent'),
            ev('bytesPerHour', 'Growth rate', Math.round(perHour), 'bytes/s'),
            ev('samples', 'Samples', samples.length, 'count'),
          ],
          [
            {
              key: 'process.capture-heap-profile',
              title: 'Diff two heap snapshots of the process',
              text: `Take a heap profile now and again after it grows by another ${bytes(perHour)} (about an hour): with jemalloc \`MALLOC_CONF=prof:true\` + jeprof, with glibc heaptrack or a forked-child dump; the difference names what accumulates.`,
            },
            {
              key: 'allocator.replay-trace',
              title: 'If nothing leaks, suspect fragmentation',
              text: 'When live objects stay flat while RSS rises, record the allocation trace and replay it against other allocators or pool designs before switching.',
              source: 'https://github.com/cloudwu/lalloc',
            },
          ],
        ),
      );
    }
    if (results.length) return results;
    if (judged === 0) {
      return [
        notEvaluated('', `Fewer than ${thresholds.minSamples} reports in the last ${thresholds.windowHours} h to compare.`, [
          { fact: `metrics.processes[].rssBytes in ${thresholds.minSamples}+ reports over ${thresholds.windowHours} h`, suppliedBy: 'memfleet-agent run --interval (e.g. 5m) reporting continuously' },
        ]),
      ];
    }
    return [pass('', `${judged} process(es) compared over ${thresholds.windowHours} h; none growing steadily past ${thresholds.warningGrowthPercent}%.`)];
  },
};
