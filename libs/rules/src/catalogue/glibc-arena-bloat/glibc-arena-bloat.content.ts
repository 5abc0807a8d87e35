import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { bytes } from '../../engine/units';

export const ARENA_CONTENT = ruleContent({
  title: 'glibc malloc arenas multiplying memory in threaded processes',
  explanation:
    'glibc gives threads their own malloc arenas, up to 8 × cores on 64-bit (mallopt(3) M_ARENA_MAX), each reserving 64 MiB regions that hold freed memory per arena; ' +
    'a threaded server on a many-core host can show a large RSS with many 64 MiB anonymous regions in /proc/PID/maps. MALLOC_ARENA_MAX=2|4 or ' +
    'GLIBC_TUNABLES=glibc.malloc.arena_max=N caps them. The arena-count line (warningArenas: {warningArenas} regions of 64 MiB) and the resident floor (minResidentBytes: {minResidentBytes}) are memfleet thresholds, not upstream figures.',
  severityLogic:
    'warning for each glibc process without an arena cap that maps ≥ warningArenas ({warningArenas}) 64 MiB arena regions and holds ≥ minResidentBytes ({minResidentBytes}) resident; not evaluated for such a process whose RSS was not read (its arenas alone are address space, not memory); otherwise one host-level pass.',
  outcomes: {
    pass: 'Every glibc process whose maps were read caps its arenas, maps fewer than warningArenas 64 MiB regions, or holds less than minResidentBytes resident (one host-level result, so healthy processes do not fill the findings table).',
    notApplicable: 'No running process uses glibc malloc (one host-level result).',
    notEvaluated:
      'No glibc process has a readable /proc/PID/maps (one host-level result), or a process maps warningArenas+ uncapped arena regions but its RSS was not read (one result for that process).',
  },
  facts: ['configuration.processes[].{allocator,env,cpusAllowedCount}', 'metrics.processes[].{arena64MiBCount,rssBytes}', 'configuration.cpu.onlineCount'],
  sources: [{ title: 'mallopt(3): M_ARENA_MAX', url: 'https://man7.org/linux/man-pages/man3/mallopt.3.html' }],
  thresholds: {
    warningArenas: '64 MiB arena regions from which a process without an arena cap is flagged (memfleet default).',
    minResidentBytes:
      'Resident memory below which a process is not flagged, however many arenas it maps: arenas are address space until used (memfleet default).',
  },
  evidence: { arenas: '64 MiB arena regions', reservedBytes: 'Arena address space', rssBytes: 'RSS', arenaCap: 'glibc default cap (8 × cores)' },
  summaries: {
    absent: 'No running process uses glibc malloc.',
    mapsUnknown: 'Arena regions of glibc processes are unknown.',
    rssUnknown: (arenas: number, reservedBytes: number, minResidentBytes: number) =>
      `${arenas} 64 MiB arena regions (${bytes(reservedBytes)} of address space) and no MALLOC_ARENA_MAX, but the RSS is unknown: arenas are address space until used, so whether the process holds the ${bytes(minResidentBytes)} resident that would make this a warning cannot be judged.`,
    uncapped: (arenas: number, reservedBytes: number, rssBytes: number, cores: number | null) =>
      `${arenas} 64 MiB arena regions (${bytes(reservedBytes)} of address space, RSS ${bytes(rssBytes)}) and no MALLOC_ARENA_MAX; glibc allows up to ${cores ? 8 * cores : '8 × cores'} arenas here.`,
    cap: (cores: number | null) => (cores ? `${8 * cores} (8 × ${cores} cores)` : '8 × cores'),
    theProcess: 'the process',
    unitMeans: 'the systemd unit that starts this process (or set the variable wherever it is started)',
    none: (processes: number, warningArenas: number, minResidentBytes: number) =>
      `${processes} glibc process(es), none with ${warningArenas}+ uncapped arena regions and ${bytes(minResidentBytes)}+ resident.`,
  },
  missing: {
    arenas: { fact: 'metrics.processes[].arena64MiBCount', suppliedBy: 'agent read of /proc/PID/maps (SYS_PTRACE in the DaemonSet)' },
    rss: { fact: 'metrics.processes[].rssBytes', suppliedBy: 'agent read of VmRSS in /proc/PID/status' },
  },
  remediation: remediations({
    'glibc.set-arena-max': {
      title: 'Cap glibc arenas at 2–4',
      text:
        'Set `MALLOC_ARENA_MAX=2` (or 4 for allocation-heavy threads), or `GLIBC_TUNABLES=glibc.malloc.arena_max=2`, in {exe}’s environment, persisted in a systemd drop-in: ' +
        '{arenas} arena regions ({reservedBytes:bytes} of address space) shrink to at most 2, against a default cap of {cap} here.',
      commands: ['systemctl edit {unit}  # [Service] Environment=MALLOC_ARENA_MAX=2', 'systemctl restart {unit}'],
      effect: 'fixes',
      source: 'https://man7.org/linux/man-pages/man3/mallopt.3.html',
    },
  }),
});
