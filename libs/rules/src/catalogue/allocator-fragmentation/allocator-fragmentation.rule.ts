import type { Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { knownOr, placeholder } from '../../engine/render';
import { floorTo, MiB } from '../../engine/units';
import { FRAGMENTATION_CONTENT as C } from './allocator-fragmentation.content';

// Runtimes whose allocator statistics memfleet can obtain (Redis INFO) or that keep their own pools.
const STATS_RUNTIMES = ['redis', 'skynet', 'lua'] as const;
const UNIT = placeholder('UNIT', C.summaries.unitMeans);

export const allocatorFragmentation = defineRule(C, {
  id: 'allocator-fragmentation',
  version: 6,
  inputs: ['processes'],
  // Resident and allocated bytes move on every sample: each on a 5% grid (the ratio's lines are 1.5 and 2).
  metrics: { process: { allocatorStats: { tolerance: 0.05 } } },
  thresholds: [
    { name: 'warningRatio', default: 1.5, unit: 'ratio' },
    { name: 'criticalRatio', default: 2.0, unit: 'ratio' },
    { name: 'minResidentBytes', default: 256 * MiB, unit: 'bytes' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const candidates = facts.processes.filter(
      (p) => p.metrics?.allocatorStats || p.config.runtimes.some((r) => (STATS_RUNTIMES as readonly string[]).includes(r.kind)),
    );
    if (candidates.length === 0) return [notApplicable(C.summaries.absent)];
    return candidates.map((p): RuleOutput => {
      const s = p.metrics?.allocatorStats ?? null;
      if (!s) {
        return notEvaluated(p.subject, C.summaries.statsUnread, [p.runtime('redis') ? C.missing.redisStats : C.missing.declaredStats]);
      }
      if (s.allocatedBytes <= 0) {
        return notEvaluated(p.subject, C.summaries.nothingAllocated, [C.missing.allocatedBytes]);
      }
      // Truncated, so a ratio just under a line never reads as the line itself.
      const ratio = floorTo(s.residentBytes / s.allocatedBytes, 3);
      const shown = floorTo(ratio, 2).toFixed(2);
      const evidence = [
        C.ev('residentBytes', s.residentBytes, 'bytes'),
        C.ev('allocatedBytes', s.allocatedBytes, 'bytes'),
        C.ev('ratio', ratio, 'ratio'),
        C.ev('source', s.source, 'text'),
        C.ev('allocatorName', s.allocatorName ?? p.config.allocator ?? null, 'text'),
      ];
      const text = C.summaries.ratio(s.residentBytes, s.allocatedBytes, shown);
      if (s.residentBytes < thresholds.minResidentBytes) return pass(p.subject, C.summaries.tooSmall(text, thresholds.minResidentBytes), evidence);
      if (s.residentBytes / s.allocatedBytes < thresholds.warningRatio)
        return pass(p.subject, C.summaries.underWarning(text, thresholds.warningRatio), evidence);
      const severity = s.residentBytes / s.allocatedBytes >= thresholds.criticalRatio ? 'critical' : 'warning';
      const line = severity === 'critical' ? thresholds.criticalRatio : thresholds.warningRatio;
      const unused = s.residentBytes - s.allocatedBytes;
      return hit(p.subject, severity, C.summaries.fragmented(text, line, unused), evidence, remediation(p, s.allocatorName ?? null, unused, shown));
    });
  },
});

function remediation(p: ProcessFacts, allocatorName: string | null, wastedBytes: number, ratio: string): Remediation[] {
  const allocator = (allocatorName ?? p.config.allocator ?? '').toLowerCase();
  const values = { wastedBytes, ratio, allocator: allocatorName ?? p.config.allocator ?? null, unit: knownOr(p.systemdUnit, UNIT) };
  const jemalloc = allocator.includes('jemalloc');
  // Redis reports its glibc build as mem_allocator "libc".
  const glibc = allocator === 'glibc' || allocator.startsWith('libc');
  const steps: Remediation[] = [];
  // Active defragmentation exists only in Redis built with jemalloc (its default build).
  if (p.runtime('redis') && (jemalloc || allocator === '')) steps.push(C.remediation.render('redis.activedefrag', values));
  if (jemalloc) steps.push(C.remediation.render('jemalloc.background-purge', values));
  else if (glibc) steps.push(C.remediation.render('glibc.set-arena-max', values));
  if (p.runtime('skynet') || p.runtime('lua')) steps.push(C.remediation.render('pools.share-or-merge', values));
  steps.push(C.remediation.render('allocator.replay-trace', values));
  return steps;
}
