import type { ProcessMetrics } from '@memfleet/contracts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { MiB } from '../../engine/units';
import { GROWTH_CONTENT as C } from './process-memory-growth.content';

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
  notEvaluated('', C.summaries.tooFew(minSamples, windowHours), [C.missing.rssSeries(minSamples, windowHours)]);

const HOUR_MS = 3600_000;

export const processMemoryGrowth = defineRule(C, {
  id: 'process-memory-growth',
  version: 5,
  inputs: ['processMetrics', 'collectedAt', 'history', 'processes'],
  // Growth is judged over hours: a jump of a quarter re-runs it at once, slower moves wait for the history cadence
  // (a finer grid would be crossed by some process's noise on most reports).
  metrics: { process: { rssBytes: { tolerance: 0.25 } } },
  thresholds: [
    { name: 'windowSeconds', default: 6 * 3600, unit: 'seconds' },
    { name: 'minSamples', default: 4, unit: 'count' },
    { name: 'warningGrowthPercent', default: 20, unit: 'percent' },
    { name: 'criticalGrowthPercent', default: 50, unit: 'percent' },
    { name: 'minGrowthBytes', default: 64 * MiB, unit: 'bytes' },
    { name: 'minRisingStepsPercent', default: 80, unit: 'percent' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const current = facts.processMetrics.filter((p) => p.rssBytes !== null && p.rssBytes !== undefined);
    if (current.length === 0) return [notApplicable(C.summaries.absent)];
    const now = Date.parse(facts.collectedAt);
    const since = now - thresholds.windowSeconds * 1000;
    const windowHours = thresholds.windowSeconds / 3600;
    const window: WindowSample[] = [];
    for (const h of facts.history) {
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
          C.summaries.growing(percent, hours, first.rss, last.rss, perHour, samples.length, rises),
          [
            C.ev('firstRssBytes', first.rss, 'bytes'),
            C.ev('lastRssBytes', last.rss, 'bytes'),
            C.ev('growthPercent', Math.floor(percent * 10) / 10, 'percent'),
            // Per hour, as the summary and remediation say it: one unit for the rate everywhere.
            C.ev('growthBytesPerHour', Math.round(perHour), 'bytes/h'),
            C.ev('spanSeconds', Math.round((last.at - first.at) / 1000), 'seconds'),
            C.ev('samples', samples.length, 'count'),
            C.ev('risingSteps', rises, 'count'),
          ],
          [C.remediation.render('process.capture-heap-profile', values), C.remediation.render('allocator.replay-trace', values)],
        ),
      );
    }
    if (results.length) return results;
    if (judged === 0) return [tooFew(thresholds.minSamples, windowHours)];
    return [pass('', C.summaries.none(judged, windowHours, thresholds.warningGrowthPercent))];
  },
});
