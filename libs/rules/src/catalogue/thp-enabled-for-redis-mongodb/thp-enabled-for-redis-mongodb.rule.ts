import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions } from '../../engine/units';
import { THP_PATH, THP_STEPS } from './thp-enabled-for-redis-mongodb.content';

export const thpEnabledForRedisMongodb: RuleDefinition = {
  id: 'thp-enabled-for-redis-mongodb',
  version: 2,
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
  remediationKeys: THP_STEPS.keys,
  remediationTemplates: THP_STEPS.templates,
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
        return hit(p.subject, 'warning', 'THP is always: Redis warns it causes latency spikes and extra memory use after fork.', evidence, [THP_STEPS.render('thp.set-madvise', { thp, version: version ?? '' })]);
      }
      if (!version) return notEvaluated(p.subject, 'MongoDB’s advice depends on its version, which is unknown.', [{ fact: 'runtimes[kind=mongodb].version', suppliedBy: 'agent read of the mongod binary, or a runtimes.d declaration' }], evidence);
      const modern = compareVersions(version, '8.0') >= 0;
      if (!modern && thp === 'always') {
        return hit(p.subject, 'warning', `THP is always; MongoDB ${version} (≤ 7.0) asks for it to be disabled.`, evidence, [THP_STEPS.render('thp.disable-for-mongodb', { thp, version })]);
      }
      if (modern && thp === 'never') {
        return hit(p.subject, 'info', `THP is never; MongoDB ${version} (≥ 8.0) recommends enabling it.`, evidence, [THP_STEPS.render('thp.enable-for-mongodb-8', { thp, version })]);
      }
      return pass(p.subject, `THP is ${thp}, as MongoDB ${version} advises.`, evidence);
    });
  },
};
