import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

export const GROWTH_CONTENT = ruleContent({
  title: 'Process memory growing steadily across reports',
  explanation:
    'A process whose resident memory rises report after report, with few drops, is leaking or fragmenting; diffing snapshots over time ' +
    'finds it before the OOM killer does. memfleet compares the RSS of the same subject (stable across restarts and pids) over the host’s reports of the last windowSeconds ({windowSeconds}), and needs most steps to be rises so a ' +
    'garbage-collected sawtooth does not fire. The window, sample count and growth lines are memfleet thresholds an admin can change, not upstream figures.',
  severityLogic:
    'For each subject with at least minSamples ({minSamples}) RSS samples in the last windowSeconds ({windowSeconds}), growth = (last − first) / first, at least minGrowthBytes ({minGrowthBytes}), and at least minRisingStepsPercent ({minRisingStepsPercent}) of steps not falling: ' +
    'critical when growth ≥ criticalGrowthPercent ({criticalGrowthPercent}), warning when ≥ warningGrowthPercent ({warningGrowthPercent}); otherwise one host-level pass.',
  outcomes: {
    pass: 'No subject grows steadily past the warning line within the window (one host-level result).',
    notApplicable: 'The report carries no process RSS (one host-level result).',
    notEvaluated: 'Fewer than minSamples reports of the host fall in the window (one host-level result).',
  },
  facts: ['metrics.processes[].rssBytes (this report and the host’s earlier samples)', 'collectedAt'],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (per-VM pools, snapshot diffs)', url: 'https://blog.codingnow.com/2015/07/lua_allocator.html' },
    { title: 'proc(5): /proc/PID/status VmRSS', url: 'https://man7.org/linux/man-pages/man5/proc.5.html' },
  ],
  thresholds: {
    windowSeconds: 'How far back reports are compared.',
    minSamples: 'Samples (this report included) needed in the window.',
    warningGrowthPercent: 'Growth over the window from which the rule warns.',
    criticalGrowthPercent: 'Growth over the window from which the rule is critical.',
    minGrowthBytes: 'Smaller absolute growth is ignored.',
    minRisingStepsPercent: 'Share of steps between samples that must not fall (filters a GC sawtooth).',
  },
  evidence: {
    firstRssBytes: 'RSS at window start',
    lastRssBytes: 'RSS now',
    growthPercent: 'Growth',
    growthBytesPerHour: 'Growth rate',
    spanSeconds: 'Compared over',
    samples: 'Samples',
    risingSteps: 'Steps not falling',
  },
  summaries: {
    absent: 'No process RSS in this report.',
    tooFew: (minSamples: number, windowHours: number) => `Fewer than ${minSamples} reports in the last ${windowHours} h to compare.`,
    growing: (percent: number, hours: number, firstBytes: number, lastBytes: number, perHourBytes: number, samples: number, rises: number) =>
      `RSS grew ${Math.floor(percent)}% in ${hours.toFixed(1)} h (${bytes(firstBytes)} → ${bytes(lastBytes)}, ${bytes(perHourBytes)}/h) across ${samples} reports, rising in ${rises} of ${samples - 1} steps.`,
    none: (judged: number, windowHours: number, warningGrowthPercent: number) =>
      `${judged} process(es) compared over ${windowHours} h; none growing steadily past ${warningGrowthPercent}%.`,
  },
  missing: {
    rssSeries: (minSamples: number, windowHours: number) => ({
      fact: `metrics.processes[].rssBytes in ${minSamples}+ reports over ${windowHours} h`,
      suppliedBy: 'memfleet-agent run --interval (e.g. 5m) reporting continuously',
    }),
  },
  remediation: remediations({
    'process.capture-heap-profile': {
      title: 'Diff two heap snapshots of {exe}',
      text:
        'Take a heap profile now and again after it grows by another {perHourBytes:bytes} (about an hour at its current rate): with jemalloc `MALLOC_CONF=prof:true` and jeprof, ' +
        'with glibc heaptrack, in a per-VM runtime a dump from a forked child; the difference names what accumulates. At this rate it gains {perDayBytes:bytes} a day.',
      // Finds the cause; it removes nothing by itself.
      effect: 'diagnoses',
      source: 'https://blog.codingnow.com/2015/07/lua_allocator.html',
    },
    'allocator.replay-trace': {
      title: 'If nothing leaks, suspect fragmentation',
      text: 'When live objects stay flat while RSS rises ({firstBytes:bytes} → {lastBytes:bytes}), record the allocation trace and replay it against other allocators or pool designs before switching.',
      effect: 'diagnoses',
      source: 'https://github.com/cloudwu/lalloc',
    },
  }),
});
