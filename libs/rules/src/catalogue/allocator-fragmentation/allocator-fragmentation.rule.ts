import type { Remediation } from '@memfleet/contracts';
import type { ProcessFacts } from '../../engine/facts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';

// Runtimes whose allocator statistics memfleet can obtain (Redis INFO) or that keep their own pools.
const STATS_RUNTIMES = ['redis', 'skynet', 'lua'] as const;

export const allocatorFragmentation: RuleDefinition = {
  id: 'allocator-fragmentation',
  version: 1,
  title: 'Allocator fragmentation: resident memory far above what the program allocated',
  explanation:
    'Allocators that split blocks and never merge them (per-VM pools such as Cloud Wu’s lalloc for Lua/skynet) fragment over long runs, and thousands of independent pools reuse memory poorly; ' +
    'long-running servers with jemalloc also show RSS ≈ 2× what the program counts. memfleet compares resident bytes with allocated bytes from allocator statistics ' +
    '(Redis INFO used_memory_rss / used_memory, an application stats file declared in runtimes.d, or a trace analysis) and only judges processes holding at least 256 MiB. ' +
    'The replay timings in the source post (custom 0.139 s, jemalloc 0.200 s, glibc 0.217 s for 3M events) are unconfirmed beyond it.',
  severityLogic: 'ratio = resident / allocated, only when resident ≥ minResidentBytes (256 MiB): critical when ratio ≥ criticalRatio (2.0), warning when ≥ warningRatio (1.5).',
  facts: ['metrics.processes[].allocatorStats.{allocatedBytes,residentBytes,source,allocatorName}', 'configuration.processes[].allocator', 'configuration.processes[].runtimes[].kind'],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (2015)', url: 'https://blog.codingnow.com/2015/07/lua_allocator.html' },
    { title: 'cloudwu/lalloc', url: 'https://github.com/cloudwu/lalloc' },
    { title: 'Redis memory optimization: activedefrag, fragmentation ratio', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/' },
  ],
  remediationKeys: ['jemalloc.background-purge', 'redis.activedefrag', 'glibc.set-arena-max', 'pools.share-or-merge', 'allocator.replay-trace'],
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
      const ratio = s.allocatedBytes > 0 ? s.residentBytes / s.allocatedBytes : Infinity;
      const evidence = [
        ev('residentBytes', 'Resident', s.residentBytes, 'bytes'),
        ev('allocatedBytes', 'Allocated', s.allocatedBytes, 'bytes'),
        ev('ratio', 'Resident / allocated', Number(ratio.toFixed(2)), 'ratio'),
        ev('source', 'Statistics from', s.source, 'text'),
      ];
      const text = `Resident ${bytes(s.residentBytes)} for ${bytes(s.allocatedBytes)} allocated: ratio ${ratio.toFixed(2)}`;
      if (s.residentBytes < thresholds.minResidentBytes) return pass(p.subject, `${text}; under ${bytes(thresholds.minResidentBytes)} resident, not judged.`, evidence);
      if (ratio < thresholds.warningRatio) return pass(p.subject, `${text}, under ${thresholds.warningRatio}.`, evidence);
      const severity = ratio >= thresholds.criticalRatio ? 'critical' : 'warning';
      return hit(p.subject, severity, `${text} (≥ ${severity === 'critical' ? thresholds.criticalRatio : thresholds.warningRatio}): ${bytes(s.residentBytes - s.allocatedBytes)} held but unused.`, evidence, remediation(p, s.allocatorName ?? null));
    });
  },
};

function remediation(p: ProcessFacts, allocatorName: string | null): Remediation[] {
  const allocator = (allocatorName ?? p.config.allocator ?? '').toLowerCase();
  const steps: Remediation[] = [];
  if (p.runtime('redis')) {
    steps.push({
      key: 'redis.activedefrag',
      title: 'Turn on Redis active defragmentation',
      text: 'With jemalloc, Redis can move values to compact pages: `CONFIG SET activedefrag yes`, then persist `activedefrag yes` in redis.conf.',
      commands: ['redis-cli CONFIG SET activedefrag yes'],
      source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/',
    });
  }
  if (allocator.includes('jemalloc')) {
    steps.push({
      key: 'jemalloc.background-purge',
      title: 'Let jemalloc return dirty pages sooner',
      text: 'Set `MALLOC_CONF=background_thread:true,dirty_decay_ms:1000` in the service environment so unused pages are purged in the background.',
      commands: ['systemctl edit <unit>  # [Service] Environment=MALLOC_CONF=background_thread:true,dirty_decay_ms:1000'],
    });
  } else if (allocator === 'glibc') {
    steps.push({ key: 'glibc.set-arena-max', title: 'Cap glibc arenas', text: 'Set `MALLOC_ARENA_MAX=2` (or 4) so fewer per-thread arenas hold freed memory.', commands: ['systemctl edit <unit>  # [Service] Environment=MALLOC_ARENA_MAX=2'] });
  }
  if (p.runtime('skynet') || p.runtime('lua')) {
    steps.push({
      key: 'pools.share-or-merge',
      title: 'Share pools across VMs, or use a merging allocator',
      text: 'Per-VM pools that split blocks and never merge them fragment over long runs; share pools across VMs or use a buddy/size-class design that merges (mind the 8-byte header pushing 512/1,024/2,048-byte requests up a class unless pages are 32 KiB-aligned).',
      source: 'https://blog.codingnow.com/2015/07/lua_allocator.html',
    });
  }
  steps.push({
    key: 'allocator.replay-trace',
    title: 'Replay a recorded allocation trace before switching allocators',
    text: 'Log every alloc/free/realloc of a VM in production, replay the sequence against each candidate allocator (filling blocks with an address-and-size pattern and verifying on free), and compare resident size and time.',
    source: 'https://github.com/cloudwu/lalloc',
  });
  return steps;
}
