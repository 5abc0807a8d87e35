import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { knownOr, placeholder } from '../../engine/render';
import { MiB } from '../../engine/units';
import { ARENA_CONTENT as C } from './glibc-arena-bloat.content';

const ARENA_BYTES = 64 * MiB;
const DIGITS = /^\d+$/;
const ARENA_TUNABLE = /glibc\.malloc\.arena_max=(\d+)/;
const UNIT = placeholder('UNIT', C.summaries.unitMeans);

/** MALLOC_ARENA_MAX or the glibc.malloc.arena_max tunable, when the process sets one. */
function arenaMaxOf(env: Record<string, string>): number | null {
  if (env.MALLOC_ARENA_MAX && DIGITS.test(env.MALLOC_ARENA_MAX)) return Number(env.MALLOC_ARENA_MAX);
  if (!env.GLIBC_TUNABLES) return null;
  const tunable = ARENA_TUNABLE.exec(env.GLIBC_TUNABLES);
  return tunable ? Number(tunable[1]) : null;
}

export const glibcArenaBloat = defineRule(C, {
  id: 'glibc-arena-bloat',
  version: 6,
  inputs: ['processes', 'onlineCount'],
  // The RSS only decides against minResidentBytes: a 10% grid.
  metrics: { process: { arena64MiBCount: 'exact', rssBytes: { tolerance: 0.1 } } },
  thresholds: [
    { name: 'warningArenas', default: 16, unit: 'count' },
    // Arenas are address space: only a process that holds this much resident memory is worth a warning.
    { name: 'minResidentBytes', default: 256 * MiB, unit: 'bytes' },
  ],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const glibc = facts.processes.filter((p) => p.config.allocator === 'glibc' && p.config.state === 'running');
    if (glibc.length === 0) return [notApplicable(C.summaries.absent)];
    const known = glibc.filter((p) => p.metrics?.arena64MiBCount !== null && p.metrics?.arena64MiBCount !== undefined);
    if (known.length === 0) {
      return [notEvaluated('', C.summaries.mapsUnknown, [C.missing.arenas])];
    }
    const results: RuleOutput[] = [];
    for (const p of known) {
      const arenas = p.metrics!.arena64MiBCount!;
      const cap = arenaMaxOf(p.config.env ?? {});
      const rss = p.metrics!.rssBytes;
      if (cap !== null || arenas < thresholds.warningArenas) continue;
      if (rss !== null && rss !== undefined && rss < thresholds.minResidentBytes) continue;
      const cores = p.config.cpusAllowedCount ?? facts.onlineCount;
      const reservedBytes = arenas * ARENA_BYTES;
      const evidence = [
        C.ev('arenas', arenas, 'count'),
        C.ev('reservedBytes', reservedBytes, 'bytes'),
        C.ev('rssBytes', rss ?? null, 'bytes'),
        C.ev('arenaCap', cores ? 8 * cores : null, 'count'),
      ];
      // Arenas are address space until used: without the RSS there is no memory to warn about, only a fact to fetch.
      if (rss === null || rss === undefined) {
        results.push(notEvaluated(p.subject, C.summaries.rssUnknown(arenas, reservedBytes, thresholds.minResidentBytes), [C.missing.rss], evidence));
        continue;
      }
      results.push(
        hit(p.subject, 'warning', C.summaries.uncapped(arenas, reservedBytes, rss, cores), evidence, [
          C.remediation.render('glibc.set-arena-max', {
            exe: p.config.exe ?? C.summaries.theProcess,
            unit: knownOr(p.systemdUnit, UNIT),
            arenas,
            reservedBytes,
            cap: C.summaries.cap(cores),
          }),
        ]),
      );
    }
    if (results.length) return results;
    // One host-level row instead of one per healthy process keeps the findings table small.
    return [pass('', C.summaries.none(known.length, thresholds.warningArenas, thresholds.minResidentBytes))];
  },
});
