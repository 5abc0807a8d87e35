import type { Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, floorTo, MiB } from '../../engine/units';
import { FRAGMENTATION_STEPS } from './allocator-fragmentation.content';

// Runtimes whose allocator statistics memfleet can obtain (Redis INFO) or that keep their own pools.
const STATS_RUNTIMES = ['redis', 'skynet', 'lua'] as const;

export const allocatorFragmentation: RuleDefinition = {
  id: 'allocator-fragmentation',
  version: 2,
  title: 'Allocator fragmentation: resident memory far above what the program allocated',
  explanation:
    'Allocators that split blocks and never merge them (per-VM pools such as Cloud Wu’s lalloc for Lua/skynet) fragment over long runs, and thousands of independent pools reuse memory poorly; ' +
    'long-running servers with jemalloc also show RSS ≈ 2× what the program counts. memfleet compares resident bytes with allocated bytes from allocator statistics ' +
    '(Redis INFO used_memory_rss / used_memory, an application stats file declared in runtimes.d, or a trace analysis) and only judges processes holding at least 256 MiB. ' +
    'The replay timings in the source post (custom 0.139 s, jemalloc 0.200 s, glibc 0.217 s for 3M events) are unconfirmed beyond it.',
  severityLogic: 'ratio = resident / allocated, only when resident ≥ minResidentBytes (256 MiB): critical when ratio ≥ criticalRatio (2.0), warning when ≥ warningRatio (1.5).',
  outcomes: {
    pass: 'resident / allocated is under the warning ratio, or the process holds less than minResidentBytes.',
    notApplicable: 'No process has allocator statistics or a runtime that keeps them (Redis, skynet, Lua) — one host-level result.',
    notEvaluated: 'A Redis or skynet/Lua process whose statistics could not be read (Redis INFO unreachable, no declared stats file), or whose allocated figure is 0.',
  },
  facts: ['metrics.processes[].allocatorStats.{allocatedBytes,residentBytes,source,allocatorName}', 'configuration.processes[].allocator', 'configuration.processes[].runtimes[].kind'],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (2015)', url: 'https://blog.codingnow.com/2015/07/lua_allocator.html' },
    { title: 'cloudwu/lalloc', url: 'https://github.com/cloudwu/lalloc' },
    { title: 'Redis memory optimization: activedefrag, fragmentation ratio', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/' },
  ],
  remediationKeys: FRAGMENTATION_STEPS.keys,
  remediationTemplates: FRAGMENTATION_STEPS.templates,
  thresholds: [
    { name: 'warningRatio', default: 1.5, unit: 'ratio', description: 'resident / allocated from which the rule warns.' },
    { name: 'criticalRatio', default: 2.0, unit: 'ratio', description: 'resident / allocated from which the rule is critical.' },
    { name: 'minResidentBytes', default: 256 * MiB, unit: 'bytes', description: 'Smaller processes are not judged.' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const candidates = facts.processes.filter((p) => p.metrics?.allocatorStats || p.config.runtimes.some((r) => (STATS_RUNTIMES as readonly string[]).includes(r.kind)));
    if (candidates.length === 0) return [notApplicable('No process with allocator statistics (Redis, skynet/Lua, or a declared stats source).')];
    return candidates.map((p): RuleOutput => {
      const s = p.metrics?.allocatorStats ?? null;
      if (!s) {
        return notEvaluated(p.subject, 'The process keeps allocator statistics memfleet could not read.', [
          {
            fact: 'metrics.processes[].allocatorStats',
            suppliedBy: p.runtime('redis')
              ? 'Redis INFO memory reachable on loopback by the agent, or a runtimes.d declaration with allocatedBytes/residentBytes'
              : 'a runtimes.d declaration pointing at the application’s allocator statistics (allocated and resident bytes)',
          },
        ]);
      }
      if (s.allocatedBytes <= 0) {
        return notEvaluated(p.subject, 'The allocator statistics report 0 bytes allocated; the ratio is meaningless.', [
          { fact: 'metrics.processes[].allocatorStats.allocatedBytes', suppliedBy: 'the application stats source named in runtimes.d, or Redis INFO memory' },
        ]);
      }
      // Truncated, so a ratio just under a line never reads as the line itself.
      const ratio = floorTo(s.residentBytes / s.allocatedBytes, 3);
      const shown = floorTo(ratio, 2).toFixed(2);
      const evidence = [
        ev('residentBytes', 'Resident', s.residentBytes, 'bytes'),
        ev('allocatedBytes', 'Allocated', s.allocatedBytes, 'bytes'),
        ev('ratio', 'Resident / allocated', ratio, 'ratio'),
        ev('source', 'Statistics from', s.source, 'text'),
        ev('allocatorName', 'Allocator', s.allocatorName ?? p.config.allocator ?? null, 'text'),
      ];
      const text = `Resident ${bytes(s.residentBytes)} for ${bytes(s.allocatedBytes)} allocated: ratio ${shown}`;
      if (s.residentBytes < thresholds.minResidentBytes) return pass(p.subject, `${text}; under ${bytes(thresholds.minResidentBytes)} resident, not judged.`, evidence);
      if (s.residentBytes / s.allocatedBytes < thresholds.warningRatio) return pass(p.subject, `${text}, under ${thresholds.warningRatio}.`, evidence);
      const severity = s.residentBytes / s.allocatedBytes >= thresholds.criticalRatio ? 'critical' : 'warning';
      return hit(p.subject, severity, `${text} (≥ ${severity === 'critical' ? thresholds.criticalRatio : thresholds.warningRatio}): ${bytes(s.residentBytes - s.allocatedBytes)} held but unused.`, evidence, remediation(p, s.allocatorName ?? null, s.residentBytes - s.allocatedBytes, shown));
    });
  },
};

function remediation(p: ProcessFacts, allocatorName: string | null, wastedBytes: number, ratio: string): Remediation[] {
  const allocator = (allocatorName ?? p.config.allocator ?? '').toLowerCase();
  const values = { wastedBytes, ratio, allocator: allocatorName ?? p.config.allocator ?? 'unknown', unit: p.systemdUnit ?? '<unit>' };
  const steps: Remediation[] = [];
  if (p.runtime('redis')) steps.push(FRAGMENTATION_STEPS.render('redis.activedefrag', values));
  if (allocator.includes('jemalloc')) steps.push(FRAGMENTATION_STEPS.render('jemalloc.background-purge', values));
  else if (allocator === 'glibc') steps.push(FRAGMENTATION_STEPS.render('glibc.set-arena-max', values));
  if (p.runtime('skynet') || p.runtime('lua')) steps.push(FRAGMENTATION_STEPS.render('pools.share-or-merge', values));
  steps.push(FRAGMENTATION_STEPS.render('allocator.replay-trace', values));
  return steps;
}
