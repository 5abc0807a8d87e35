import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { sinceBoot } from '../../engine/units';

export const TCMALLOC_CONTENT = ruleContent({
  title: 'Google TCMalloc older than cbbe578d crashes after vCPU hot-add',
  explanation:
    'Before tcmalloc commit cbbe578d (2023-07-24), per-CPU caches are sized once from the online CPU count at start; a CPU id at or above that size after a hot-add, or gaps in the online set, ' +
    'index past the arrays — an inference consistent with tcmalloc#188 (Envoy 1.24.4 segfault in CpuCache<>::Refill()) and tcmalloc#267 (Envoy 1.25.9 crashes at every vCPU hot-add; gperftools builds do not). ' +
    'cbbe578d switches to possible CPUs; that hot-add is then covered only within the boot-time possible mask is unconfirmed upstream. Envoy ≤ 1.25.x pins tcmalloc 59400332, later releases e33c7bc, ' +
    'and envoy#38235 (January 2025) moved to 5da4a882, which contains cbbe578d; the first Envoy release with it is likely 1.34 (unconfirmed).',
  severityLogic:
    'For each process using Google TCMalloc older than cbbe578d (Envoy < 1.34 unless built with gperftools): critical when a CPU came online after the process started or the online set has gaps; warning when the host can hot-add CPUs (possible > online) but none has been added since the process started. One step lower (warning, info) when its CPU affinity (Cpus_allowed_list) already leaves out an online CPU and keeps it on CPUs online at its start and below their count: it should then not run on the others (an inference), and the pin is not advised again.',
  outcomes: {
    pass: 'Envoy ≥ 1.34, or all possible CPUs are online, contiguous, and none came online after the process started.',
    notApplicable: 'No process links Google TCMalloc (no Envoy, or Envoy built with gperftools) — one host-level result.',
    notEvaluated: 'The Envoy version is unknown, the online CPU set is unknown, or CPUs came online this boot but the process start time is unknown.',
  },
  facts: [
    'configuration.processes[].{allocator,cmdline,cpusAllowedList,systemdUnit,containerId}',
    'metrics.processes[].startTimeSecondsSinceBoot',
    'configuration.processes[].runtimes[kind=envoy].{version,envoy.tcmallocBuild}',
    'configuration.cpu.{possible,present,online}',
    'metrics.cpuHotplug.{events,windowStartSecondsSinceBoot}',
    'configuration.host.{bootId,bootTimeEpochSeconds}',
  ],
  sources: [
    { title: 'tcmalloc#267: Envoy 1.25.9 crashes at vCPU hot-add', url: 'https://github.com/google/tcmalloc/issues/267' },
    { title: 'tcmalloc#188: non-sequential CPUs, CpuCache<>::Refill() segfault', url: 'https://github.com/google/tcmalloc/issues/188' },
    { title: 'tcmalloc cbbe578d: core counts from possible CPUs', url: 'https://github.com/google/tcmalloc/commit/cbbe578d' },
    { title: 'envoy#27775', url: 'https://github.com/envoyproxy/envoy/issues/27775' },
    { title: 'envoy#38235: tcmalloc moved to 5da4a882', url: 'https://github.com/envoyproxy/envoy/pull/38235' },
  ],
  thresholds: {},
  evidence: {
    online: 'Online CPUs',
    possible: 'Possible CPUs',
    processStart: 'Process started (time since boot)',
    cpusAllowed: 'CPU affinity (Cpus_allowed_list)',
    onlineAtStart: 'Online CPUs when the process started',
    lateCpus: 'CPUs onlined after start',
    onlineGaps: 'Online set has gaps',
    envoyVersion: 'Envoy version (bundles Google TCMalloc)',
    allocator: 'Allocator',
  },
  summaries: {
    absent: 'No process linking Google TCMalloc (Envoy, or a declared tcmalloc build).',
    envoy: (version: string | null) => `Envoy ${version ?? '(version unknown)'}`,
    staticTcmalloc: 'this process (statically linked Google TCMalloc, revision unknown)',
    staticAllocator: 'Google TCMalloc, statically linked (revision unknown)',
    envoyVersionUnknown: 'Envoy’s version (and so its tcmalloc revision) is unknown.',
    envoyFixed: (version: string) => `Envoy ${version}: its tcmalloc includes cbbe578d (first release with it likely 1.34, unconfirmed).`,
    onlineUnknown: 'The online CPU set is unknown.',
    startUnknown: 'CPUs came online during this boot, but when the process started is unknown.',
    /** A time since boot, with its wall-clock UTC minute when the boot time is known. */
    lateCpus: (late: readonly { cpu: number; at: number; source: string }[], bootEpoch: number | null) =>
      late.map((l) => `CPU ${l.cpu} at ${sinceBoot(l.at, bootEpoch)} (${l.source})`).join('; ') || 'none',
    cameOnline: (cpus: readonly number[], what: string, startSeconds: number, bootEpoch: number | null) =>
      `${what} started ${sinceBoot(startSeconds, bootEpoch)}, and CPU${cpus.length > 1 ? 's' : ''} ${cpus.join(', ')} came online later`,
    gaps: (online: string) => `the online CPU set ${online} has gaps`,
    crash: (what: string) => `${what.charAt(0).toUpperCase()}${what.slice(1)}: its per-CPU caches were sized for fewer CPUs.`,
    pinnedAlready: (allowed: string) =>
      ` Its CPU affinity (${allowed}) already keeps it on CPUs online when it started and below their count, so it should not run on the others (an inference: threads that widen their own affinity are not covered); it fails once the affinity is widened.`,
    canHotAdd: (possible: string, online: string, what: string, recordPartial: boolean) =>
      `The host can hot-add CPUs (possible ${possible}, online ${online}); ${what} would crash on the first one.` +
      (recordPartial ? ' The hot-plug record does not cover the whole life of the process, so an earlier hot-add cannot be ruled out.' : ''),
    allOnline: (online: string) => `All possible CPUs (${online}) are online and contiguous.`,
    unknownBuild: 'a build of unknown version',
    restartNow: ', and restart this one now',
    // Why the pinned set is what it is: from the record when it covers the start, in words when it does not.
    pinKnown: (cpus: string, startedAt: string) => `It started ${startedAt} with CPUs ${cpus} usable for its per-CPU caches`,
    pinUnknown: 'The hot-plug record does not reach back to when it started, so the agent cannot tell which CPUs were online then',
    cpusMeans: (what: string) => `the CPUs that were online when ${what} started, as a list such as 0-1 (only ids below their count)`,
    unitMeans: (what: string) => `the systemd unit that starts ${what}`,
    commandMeans: (what: string) => `the full command line that starts ${what} (program and all its arguments)`,
    systemctlRestart: 'systemctl restart',
    dockerRestart: 'docker restart',
  },
  missing: {
    envoyVersion: {
      fact: 'runtimes[kind=envoy].version',
      suppliedBy: 'agent read of /proc/PID/exe, or a runtimes.d declaration {"kind":"envoy","version":"…","tcmallocBuild":"google|gperftools"}',
    },
    cpuOnline: { fact: 'configuration.cpu.online', suppliedBy: 'agent read of /sys/devices/system/cpu/online' },
    startTime: { fact: 'metrics.processes[].startTimeSecondsSinceBoot', suppliedBy: 'agent read of /proc/PID/stat field 22' },
  },
  remediation: remediations({
    'process.restart-after-hot-add': {
      title: 'Restart the process after any CPU hot-add',
      text:
        'A restart sizes the per-CPU caches for the {onlineCount} CPUs online now ({online}); the allocator still sizes them only once, so the next hot-add needs another restart: ' +
        'make it part of the hot-add procedure{restartNow}.',
      commands: ['{restartVerb} {restartTarget}'],
      effect: 'mitigates',
      source: 'https://github.com/google/tcmalloc/issues/267',
    },
    'envoy.upgrade-tcmalloc': {
      title: 'Upgrade Envoy to a release whose tcmalloc includes cbbe578d',
      text: 'envoy#38235 moved Envoy to tcmalloc 5da4a882, which contains cbbe578d (core counts from possible CPUs); the first release with it is likely 1.34 (unconfirmed upstream). This process runs {version}.',
      effect: 'fixes',
      source: 'https://github.com/envoyproxy/envoy/pull/38235',
    },
    'envoy.build-gperftools': {
      title: 'Or build Envoy with gperftools tcmalloc',
      text: '`bazel build --define tcmalloc=gperftools //source/exe:envoy-static`: the gperftools build does not crash on hot-add (tcmalloc#267).',
      commands: ['bazel build --define tcmalloc=gperftools //source/exe:envoy-static'],
      effect: 'fixes',
      source: 'https://github.com/google/tcmalloc/issues/267',
    },
    'process.pin-online-cpus': {
      title: 'Pin the process to the CPUs online when it started',
      text:
        '{pinReason}: start it the way it is started now, under `taskset -c {cpus}`, so it never runs on a CPU added later. ' +
        'Pinning only helps from the next start; the running process keeps its caches and its current CPUs.',
      commands: ['taskset -c {cpus} {command}'],
      effect: 'mitigates',
      source: 'https://github.com/google/tcmalloc/issues/188',
    },
    'process.pin-unit': {
      title: 'Pin {unit} to the CPUs online when it started',
      text:
        '{pinReason}: add `CPUAffinity={cpus}` to the [Service] section of a drop-in for {unit} so it never runs on a CPU added later. ' +
        'Pinning only helps from the next start; the running process keeps its caches and its current CPUs.',
      commands: ['systemctl edit {unit}  # [Service] CPUAffinity={cpus}', 'systemctl restart {unit}'],
      effect: 'mitigates',
      source: 'https://github.com/google/tcmalloc/issues/188',
    },
    'process.pin-container': {
      title: 'Pin the container to the CPUs online when it started',
      text:
        '{pinReason}: limit the container to them with `--cpuset-cpus={cpus}` (`docker update` keeps it for later starts; compose: `cpuset: "{cpus}"`) so it never runs on a CPU added later. ' +
        'Pinning only helps from the next start; the running process keeps its caches.',
      commands: ['docker update --cpuset-cpus={cpus} {container}', 'docker restart {container}'],
      effect: 'mitigates',
      source: 'https://github.com/google/tcmalloc/issues/188',
    },
    'kernel.possible-cpus': {
      title: 'Avoid hot-add, or make possible equal present',
      text: 'Boot with `possible_cpus={onlineCount}` (possible is {possible} now, online {online}), or resize by restarting the VM instead of hot-adding vCPUs.',
      effect: 'fixes',
      source: 'https://www.kernel.org/doc/html/latest/core-api/cpu_hotplug.html',
    },
  }),
});
