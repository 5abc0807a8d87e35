import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';

const THP_PATH = '/sys/kernel/mm/transparent_hugepage/enabled';

const persist = (mode: string) =>
  `persist it with the kernel parameter \`transparent_hugepage=${mode}\` (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) or a oneshot systemd unit that writes it at boot`;

export const THP_CONTENT = ruleContent({
  title: 'Transparent huge pages set against Redis’s or MongoDB’s advice',
  explanation:
    'With THP always on, a forked Redis copies whole 2 MiB pages on write and stalls on compaction: Redis warns that THP causes latency and memory use and advises madvise or never. ' +
    'MongoDB up to 7.0 asks for THP to be disabled; MongoDB 8.0 and later use TCMalloc’s per-CPU caches and ask for THP to be enabled.',
  severityLogic: 'warning for Redis, or MongoDB ≤ 7.0, when THP is always; info for MongoDB ≥ 8.0 when THP is never; pass otherwise.',
  outcomes: {
    pass: 'THP is madvise or never for Redis and MongoDB ≤ 7.0, or not never for MongoDB ≥ 8.0.',
    notApplicable: 'No process on the host has a Redis or MongoDB runtime (one host-level result).',
    notEvaluated: 'The THP mode is unknown, or a MongoDB version is unknown (its advice depends on it).',
  },
  facts: ['configuration.thp.enabled', 'configuration.processes[].runtimes[kind=redis|mongodb].version'],
  sources: [
    { title: 'Redis latency: transparent huge pages', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/' },
    { title: 'MongoDB 7.0: disable transparent huge pages', url: 'https://www.mongodb.com/docs/v7.0/tutorial/transparent-huge-pages/' },
    { title: 'MongoDB 8.0: enable transparent huge pages', url: 'https://www.mongodb.com/docs/v8.0/administration/tcmalloc-performance/' },
  ],
  thresholds: {},
  evidence: { thp: 'THP enabled', runtime: 'Runtime', version: 'Version' },
  summaries: {
    absent: 'No Redis or MongoDB on this host.',
    thpUnknown: 'The THP mode is unknown.',
    redisAdvised: (thp: string) => `THP is ${thp}, as Redis advises.`,
    redisAlways: 'THP is always: Redis warns it causes latency spikes and extra memory use after fork.',
    mongoVersionUnknown: 'MongoDB’s advice depends on its version, which is unknown.',
    mongoOldAlways: (version: string) => `THP is always; MongoDB ${version} (≤ 7.0) asks for it to be disabled.`,
    mongoModernNever: (version: string) => `THP is never; MongoDB ${version} (≥ 8.0) recommends enabling it.`,
    mongoAdvised: (thp: string, version: string) => `THP is ${thp}, as MongoDB ${version} advises.`,
    // Redis, with its version when known (no empty gap when it is not).
    redis: (version: string | null) => (version ? `Redis ${version}` : 'Redis'),
  },
  missing: {
    thp: { fact: 'configuration.thp.enabled', suppliedBy: `agent read of ${THP_PATH}` },
    mongoVersion: { fact: 'runtimes[kind=mongodb].version', suppliedBy: 'agent read of the mongod binary, or a runtimes.d declaration' },
  },
  remediation: remediations({
    'thp.set-madvise': {
      title: 'Set transparent huge pages to madvise (now {thp})',
      text: `\`echo madvise > ${THP_PATH}\` now; ${persist('madvise')}. {redis} then gets no huge pages unless it asks, and forks stop copying 2 MiB pages.`,
      commands: [`echo madvise > ${THP_PATH}`],
      effect: 'fixes',
      source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/',
    },
    'thp.disable-for-mongodb': {
      title: 'Disable transparent huge pages for MongoDB {version} (now {thp})',
      text: `\`echo never > ${THP_PATH}\` now; ${persist('never')}. Or upgrade to MongoDB 8.0, which wants THP on.`,
      commands: [`echo never > ${THP_PATH}`],
      effect: 'fixes',
      source: 'https://www.mongodb.com/docs/v7.0/tutorial/transparent-huge-pages/',
    },
    'thp.enable-for-mongodb-8': {
      title: 'Enable THP for MongoDB {version} (now {thp})',
      text: `\`echo always > ${THP_PATH}\` now; ${persist('always')}. MongoDB 8.0+ uses TCMalloc per-CPU caches and asks for THP on.`,
      commands: [`echo always > ${THP_PATH}`],
      effect: 'fixes',
      source: 'https://www.mongodb.com/docs/v8.0/administration/tcmalloc-performance/',
    },
  }),
});
