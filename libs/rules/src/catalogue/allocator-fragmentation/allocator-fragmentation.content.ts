import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

const CODINGNOW = 'https://blog.codingnow.com/2015/07/lua_allocator.html';
const REDIS_MEMORY = 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/';

export const FRAGMENTATION_CONTENT = ruleContent({
  title: 'Allocator fragmentation: resident memory far above what the program allocated',
  explanation:
    'Allocators that split blocks and never merge them (per-VM pools such as Cloud Wu’s lalloc for Lua/skynet) fragment over long runs, and thousands of independent pools reuse memory poorly; ' +
    'long-running servers with jemalloc also show RSS ≈ 2× what the program counts. memfleet compares resident bytes with allocated bytes from allocator statistics ' +
    '(Redis INFO used_memory_rss / used_memory, an application stats file declared in runtimes.d, or a trace analysis) and only judges processes holding at least minResidentBytes ({minResidentBytes}). ' +
    'The replay timings in the source post (custom 0.139 s, jemalloc 0.200 s, glibc 0.217 s for 3M events) are unconfirmed beyond it.',
  severityLogic:
    'ratio = resident / allocated, only when resident ≥ minResidentBytes ({minResidentBytes}): critical when ratio ≥ criticalRatio ({criticalRatio}), warning when ≥ warningRatio ({warningRatio}).',
  outcomes: {
    pass: 'resident / allocated is under the warning ratio, or the process holds less than minResidentBytes.',
    notApplicable: 'No process has allocator statistics or a runtime that keeps them (Redis, skynet, Lua) — one host-level result.',
    notEvaluated:
      'A Redis or skynet/Lua process whose statistics could not be read (Redis INFO unreachable, no declared stats file), or whose allocated figure is 0.',
  },
  facts: [
    'metrics.processes[].allocatorStats.{allocatedBytes,residentBytes,source,allocatorName}',
    'configuration.processes[].allocator',
    'configuration.processes[].runtimes[].kind',
  ],
  sources: [
    { title: 'Cloud Wu, “lua 分配器的一些想法及实践” (2015)', url: CODINGNOW },
    { title: 'cloudwu/lalloc', url: 'https://github.com/cloudwu/lalloc' },
    { title: 'Redis memory optimization: activedefrag, fragmentation ratio', url: REDIS_MEMORY },
  ],
  thresholds: {
    warningRatio: 'resident / allocated from which the rule warns.',
    criticalRatio: 'resident / allocated from which the rule is critical.',
    minResidentBytes: 'Smaller processes are not judged.',
  },
  evidence: { residentBytes: 'Resident', allocatedBytes: 'Allocated', ratio: 'Resident / allocated', source: 'Statistics from', allocatorName: 'Allocator' },
  summaries: {
    absent: 'No process with allocator statistics (Redis, skynet/Lua, or a declared stats source).',
    statsUnread: 'The process keeps allocator statistics memfleet could not read.',
    nothingAllocated: 'The allocator statistics report 0 bytes allocated; the ratio is meaningless.',
    ratio: (residentBytes: number, allocatedBytes: number, shown: string) =>
      `Resident ${bytes(residentBytes)} for ${bytes(allocatedBytes)} allocated: ratio ${shown}`,
    tooSmall: (ratio: string, minResidentBytes: number) => `${ratio}; under ${bytes(minResidentBytes)} resident, not judged.`,
    underWarning: (ratio: string, warningRatio: number) => `${ratio}, under ${warningRatio}.`,
    fragmented: (ratio: string, line: number, unusedBytes: number) => `${ratio} (≥ ${line}): ${bytes(unusedBytes)} held but unused.`,
    unitMeans: 'the systemd unit that starts this process (or set the variable wherever it is started)',
  },
  missing: {
    redisStats: {
      fact: 'metrics.processes[].allocatorStats',
      suppliedBy: 'Redis INFO memory reachable on loopback by the agent, or a runtimes.d declaration with allocatedBytes/residentBytes',
    },
    declaredStats: {
      fact: 'metrics.processes[].allocatorStats',
      suppliedBy: 'a runtimes.d declaration pointing at the application’s allocator statistics (allocated and resident bytes)',
    },
    allocatedBytes: {
      fact: 'metrics.processes[].allocatorStats.allocatedBytes',
      suppliedBy: 'the application stats source named in runtimes.d, or Redis INFO memory',
    },
  },
  remediation: remediations({
    'redis.activedefrag': {
      title: 'Turn on Redis active defragmentation',
      text: 'With jemalloc, Redis can move values to compact pages and give back part of the {wastedBytes:bytes} held beyond used_memory: `CONFIG SET activedefrag yes`, then `CONFIG REWRITE` to persist it in the redis.conf this Redis was started with. The fragmentation itself stays possible; defragmentation keeps undoing it.',
      commands: ['redis-cli CONFIG SET activedefrag yes', 'redis-cli CONFIG REWRITE'],
      effect: 'mitigates',
      source: REDIS_MEMORY,
    },
    'jemalloc.background-purge': {
      title: 'Let jemalloc return dirty pages sooner',
      text: 'Set `MALLOC_CONF=background_thread:true,dirty_decay_ms:1000` in the service environment so unused pages are purged in the background ({allocator} here).',
      commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_CONF=background_thread:true,dirty_decay_ms:1000', 'systemctl restart {unit}'],
      effect: 'mitigates',
      source: 'https://jemalloc.net/jemalloc.3.html',
    },
    'glibc.set-arena-max': {
      title: 'Cap glibc arenas',
      text: 'Set `MALLOC_ARENA_MAX=2` (or 4) so fewer per-thread arenas hold freed memory.',
      commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_ARENA_MAX=2', 'systemctl restart {unit}'],
      effect: 'mitigates',
      source: 'https://man7.org/linux/man-pages/man3/mallopt.3.html',
    },
    'pools.share-or-merge': {
      title: 'Share pools across VMs, or use a merging allocator',
      text:
        'Per-VM pools that split blocks and never merge them fragment over long runs ({wastedBytes:bytes} held but unused here); share pools across VMs or use a buddy/size-class design that merges ' +
        '(mind the 8-byte header pushing 512/1,024/2,048-byte requests up a class unless pages are 32 KiB-aligned).',
      effect: 'fixes',
      source: CODINGNOW,
    },
    'allocator.replay-trace': {
      title: 'Replay a recorded allocation trace before switching allocators',
      text:
        'Log every alloc/free/realloc of a VM in production (one `a`/`f`/`r` line per event), replay the sequence against candidate allocator designs — upload it to the trace lab ' +
        '(the dashboard’s Trace lab page, or `POST /api/v1/traces?hostId=…&subject=…`) or run `memfleet-agent trace analyze FILE` offline — and compare each design’s ' +
        'footprint / live ratio with today’s resident / allocated ratio of {ratio}. Before switching, also replay it against the real candidate, filling blocks with an ' +
        'address-and-size pattern and verifying it on free.',
      // It chooses the fix; it changes nothing on the host by itself.
      effect: 'diagnoses',
      source: 'https://github.com/cloudwu/lalloc',
    },
  }),
});
