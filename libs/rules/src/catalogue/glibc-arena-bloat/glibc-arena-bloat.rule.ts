import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';

const ARENA_BYTES = 64 * MiB;

/** MALLOC_ARENA_MAX or the glibc.malloc.arena_max tunable, when the process sets one. */
function arenaMaxOf(env: Record<string, string>): number | null {
  if (env.MALLOC_ARENA_MAX && /^\d+$/.test(env.MALLOC_ARENA_MAX)) return Number(env.MALLOC_ARENA_MAX);
  const tunable = /glibc\.malloc\.arena_max=(\d+)/.exec(env.GLIBC_TUNABLES ?? '');
  return tunable ? Number(tunable[1]) : null;
}

export const glibcArenaBloat: RuleDefinition = {
  id: 'glibc-arena-bloat',
  version: 1,
  title: 'glibc malloc arenas multiplying memory in threaded processes',
  explanation:
    'glibc gives threads their own malloc arenas, up to 8 × cores on 64-bit (mallopt(3) M_ARENA_MAX), each reserving 64 MiB regions that hold freed memory per arena; ' +
    'a threaded server on a many-core host can show a large RSS with many 64 MiB anonymous regions in /proc/<pid>/maps. MALLOC_ARENA_MAX=2|4 or ' +
    'GLIBC_TUNABLES=glibc.malloc.arena_max=N caps them. The arena-count line (16 regions, 1 GiB reserved) is memfleet’s default, not an upstream figure.',
  severityLogic: 'warning for each glibc process without an arena cap that maps ≥ warningArenas (16) 64 MiB arena regions; otherwise one host-level pass.',
  facts: ['configuration.processes[].{allocator,env,cpusAllowedCount}', 'metrics.processes[].{arena64MiBCount,rssBytes}', 'configuration.cpu.onlineCount'],
  sources: [{ title: 'mallopt(3): M_ARENA_MAX', url: 'https://man7.org/linux/man-pages/man3/mallopt.3.html' }],
  remediationKeys: ['glibc.set-arena-max'],
  thresholds: [{ name: 'warningArenas', default: 16, unit: 'count', description: '64 MiB arena regions from which a process without an arena cap is flagged (memfleet default).' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const glibc = facts.processes.filter((p) => p.config.allocator === 'glibc' && p.config.state === 'running');
    if (glibc.length === 0) return [notApplicable('No running process uses glibc malloc.')];
    const known = glibc.filter((p) => p.metrics?.arena64MiBCount !== null && p.metrics?.arena64MiBCount !== undefined);
    if (known.length === 0) {
      return [notEvaluated('', 'Arena regions of glibc processes are unknown.', [{ fact: 'metrics.processes[].arena64MiBCount', suppliedBy: 'agent read of /proc/<pid>/maps (SYS_PTRACE in the DaemonSet)' }])];
    }
    const results: RuleOutput[] = [];
    for (const p of known) {
      const arenas = p.metrics!.arena64MiBCount!;
      const cap = arenaMaxOf(p.config.env ?? {});
      if (cap !== null || arenas < thresholds.warningArenas) continue;
      const cores = p.config.cpusAllowedCount ?? facts.onlineCount;
      const evidence = [
        ev('arenas', '64 MiB arena regions', arenas, 'count'),
        ev('reservedBytes', 'Arena address space', arenas * ARENA_BYTES, 'bytes'),
        ev('rssBytes', 'RSS', p.metrics!.rssBytes ?? null, 'bytes'),
        ev('arenaCap', 'glibc default cap (8 × cores)', cores ? 8 * cores : null, 'count'),
      ];
      results.push(
        hit(p.subject, 'warning', `${arenas} 64 MiB arena regions (${bytes(arenas * ARENA_BYTES)} of address space, RSS ${bytes(p.metrics!.rssBytes)}) and no MALLOC_ARENA_MAX; glibc allows up to ${cores ? 8 * cores : '8 × cores'} arenas here.`, evidence, [
          {
            key: 'glibc.set-arena-max',
            title: 'Cap glibc arenas at 2–4',
            text: `Set \`MALLOC_ARENA_MAX=2\` (or 4 for allocation-heavy threads), or \`GLIBC_TUNABLES=glibc.malloc.arena_max=2\`, in ${p.config.exe ?? 'the process'}'s environment, e.g. a systemd drop-in.`,
            commands: ['systemctl edit <unit>  # [Service] Environment=MALLOC_ARENA_MAX=2'],
            source: 'https://man7.org/linux/man-pages/man3/mallopt.3.html',
          },
        ]),
      );
    }
    if (results.length) return results;
    // One host-level row instead of one per healthy process keeps the findings table small.
    return [pass('', `${known.length} glibc process(es), none with ${thresholds.warningArenas}+ uncapped arena regions.`)];
  },
};
