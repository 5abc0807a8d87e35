import type { Remediation } from '@memfleet/contracts';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions } from '../../engine/units';

const THP_PATH = '/sys/kernel/mm/transparent_hugepage/enabled';

const toMadvise: Remediation = {
  key: 'thp.set-madvise',
  title: 'Set transparent huge pages to madvise',
  text: `\`echo madvise > ${THP_PATH}\` now; persist it with the kernel parameter \`transparent_hugepage=madvise\` (GRUB_CMDLINE_LINUX, then update-grub) or a oneshot systemd unit that writes it at boot.`,
  commands: [`echo madvise > ${THP_PATH}`],
  source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/',
};

export const thpEnabledForRedisMongodb: RuleDefinition = {
  id: 'thp-enabled-for-redis-mongodb',
  version: 1,
  title: 'Transparent huge pages set against Redis’s or MongoDB’s advice',
  explanation:
    'With THP always on, a forked Redis copies whole 2 MiB pages on write and stalls on compaction: Redis warns that THP causes latency and memory use and advises madvise or never. ' +
    'MongoDB up to 7.0 asks for THP to be disabled; MongoDB 8.0 and later use TCMalloc’s per-CPU caches and ask for THP to be enabled.',
  severityLogic: 'warning for Redis, or MongoDB ≤ 7.0, when THP is always; info for MongoDB ≥ 8.0 when THP is never; pass otherwise.',
  facts: ['configuration.thp.enabled', 'configuration.processes[].runtimes[kind=redis|mongodb].version'],
  sources: [
    { title: 'Redis latency: transparent huge pages', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/' },
    { title: 'MongoDB 7.0: disable transparent huge pages', url: 'https://www.mongodb.com/docs/v7.0/tutorial/transparent-huge-pages/' },
    { title: 'MongoDB 8.0: enable transparent huge pages', url: 'https://www.mongodb.com/docs/v8.0/administration/tcmalloc-performance/' },
  ],
  remediationKeys: ['thp.set-madvise', 'thp.enable-for-mongodb-8'],
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const procs = [...facts.withRuntime('redis'), ...facts.withRuntime('mongodb')];
    if (procs.length === 0) return [notApplicable('No Redis or MongoDB on this host.')];
    const thp = facts.thpEnabled;
    return procs.map((p): RuleOutput => {
      if (thp === null) return notEvaluated(p.subject, 'The THP mode is unknown.', [{ fact: 'configuration.thp.enabled', suppliedBy: `agent read of ${THP_PATH}` }]);
      const redis = p.runtime('redis');
      const version = (redis ?? p.runtime('mongodb'))?.version ?? null;
      const evidence = [ev('thp', 'THP enabled', thp, 'text'), ev('runtime', 'Runtime', redis ? 'redis' : 'mongodb', 'text'), ev('version', 'Version', version, 'text')];
      if (redis) {
        if (thp !== 'always') return pass(p.subject, `THP is ${thp}, as Redis advises.`, evidence);
        return hit(p.subject, 'warning', 'THP is always: Redis warns it causes latency spikes and extra memory use after fork.', evidence, [toMadvise]);
      }
      if (!version) return notEvaluated(p.subject, 'MongoDB’s advice depends on its version, which is unknown.', [{ fact: 'runtimes[kind=mongodb].version', suppliedBy: 'agent read of the mongod binary, or a runtimes.d declaration' }], evidence);
      const modern = compareVersions(version, '8.0') >= 0;
      if (!modern && thp === 'always') {
        return hit(p.subject, 'warning', `THP is always; MongoDB ${version} (≤ 7.0) asks for it to be disabled.`, evidence, [
          { ...toMadvise, title: 'Disable transparent huge pages for MongoDB ≤ 7.0', text: `\`echo never > ${THP_PATH}\` (or madvise), persisted with \`transparent_hugepage=never\` on the kernel command line or a systemd unit; or upgrade to MongoDB 8.0, which wants THP on.`, commands: [`echo never > ${THP_PATH}`] },
        ]);
      }
      if (modern && thp === 'never') {
        return hit(p.subject, 'info', `THP is never; MongoDB ${version} (≥ 8.0) recommends enabling it.`, evidence, [
          { key: 'thp.enable-for-mongodb-8', title: 'Enable THP for MongoDB 8.0', text: `\`echo always > ${THP_PATH}\`, persisted on the kernel command line (\`transparent_hugepage=always\`).`, commands: [`echo always > ${THP_PATH}`], source: 'https://www.mongodb.com/docs/v8.0/administration/tcmalloc-performance/' },
        ]);
      }
      return pass(p.subject, `THP is ${thp}, as MongoDB ${version} advises.`, evidence);
    });
  },
};
