import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { bytes, MiB } from '../../engine/units';
import { ARENA_STEPS } from './glibc-arena-bloat.content';

const ARENA_BYTES = 64 * MiB;
const DIGITS = /^\d+$/;
const ARENA_TUNABLE = /glibc\.malloc\.arena_max=(\d+)/;

/** MALLOC_ARENA_MAX or the glibc.malloc.arena_max tunable, when the process sets one. */
function arenaMaxOf(env: Record<string, string>): number | null {
  if (env.MALLOC_ARENA_MAX && DIGITS.test(env.MALLOC_ARENA_MAX)) return Number(env.MALLOC_ARENA_MAX);
  if (!env.GLIBC_TUNABLES) return null;
  const tunable = ARENA_TUNABLE.exec(env.GLIBC_TUNABLES);
  return tunable ? Number(tunable[1]) : null;
}

export const glibcArenaBloat: RuleDefinition = {
  id: 'glibc-arena-bloat',
  version: 2,
  title: 'glibc malloc arenas multiplying memory in threaded processes',
  explanation:
    'glibc gives threads their own malloc arenas, up to 8 × cores on 64-bit (mallopt(3) M_ARENA_MAX), each reserving 64 MiB regions that hold freed memory per arena; ' +
    'a threaded server on a many-core host can show a large RSS with many 64 MiB anonymous regions in /proc/<pid>/maps. MALLOC_ARENA_MAX=2|4 or ' +
    'GLIBC_TUNABLES=glibc.malloc.arena_max=N caps them. The arena-count line (16 regions, 1 GiB reserved) is memfleet’s default, not an upstream figure.',
  severityLogic: 'warning for each glibc process without an arena cap that maps ≥ warningArenas (16) 64 MiB arena regions; otherwise one host-level pass.',
  outcomes: {
    pass: 'Every glibc process whose maps were read caps its arenas or maps fewer than warningArenas 64 MiB regions (one host-level result, so healthy processes do not fill the findings table).',
    notApplicable: 'No running process uses glibc malloc (one host-level result).',
    notEvaluated: 'No glibc process has a readable /proc/<pid>/maps (one host-level result).',
  },
  facts: ['configuration.processes[].{allocator,env,cpusAllowedCount}', 'metrics.processes[].{arena64MiBCount,rssBytes}', 'configuration.cpu.onlineCount'],
  sources: [{ title: 'mallopt(3): M_ARENA_MAX', url: 'https://man7.org/linux/man-pages/man3/mallopt.3.html' }],
  remediationKeys: ARENA_STEPS.keys,
  remediationTemplates: ARENA_STEPS.templates,
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
          ARENA_STEPS.render('glibc.set-arena-max', { exe: p.config.exe ?? 'the process', unit: p.systemdUnit ?? '<unit>', arenas, reservedBytes: arenas * ARENA_BYTES, cap: cores ? `${8 * cores} (8 × ${cores} cores)` : '8 × cores' }),
        ]),
      );
    }
    if (results.length) return results;
    // One host-level row instead of one per healthy process keeps the findings table small.
    return [pass('', `${known.length} glibc process(es), none with ${thresholds.warningArenas}+ uncapped arena regions.`)];
  },
};
