import { bytes } from '../../engine/units';
import { REDIS_OVERCOMMIT_STEPS } from './redis-overcommit-bgsave.content';
import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';

export const redisOvercommitBgsave: RuleDefinition = {
  id: 'redis-overcommit-bgsave',
  version: 2,
  title: 'Redis on a host that does not always overcommit: background saves may fail',
  explanation:
    'Redis forks to write RDB snapshots and rewrite the AOF. The child shares the parent’s pages copy-on-write, but with vm.overcommit_memory=0 (heuristic) or 2 (strict) ' +
    'the kernel may refuse the fork of a large Redis, and BGSAVE fails; Redis logs "WARNING overcommit_memory is set to 0! Background save may fail under low memory condition" ' +
    'and asks for vm.overcommit_memory = 1.',
  severityLogic: 'warning for each Redis when vm.overcommit_memory is 0 or 2; pass when it is 1.',
  outcomes: {
    pass: 'vm.overcommit_memory is 1.',
    notApplicable: 'No process on the host has a Redis runtime (one host-level result).',
    notEvaluated: 'vm.overcommit_memory is unknown.',
  },
  facts: ['configuration.processes[].runtimes[kind=redis]', 'configuration.vm.overcommitMemory', 'metrics.processes[].rssBytes'],
  sources: [{ title: 'Redis administration: set vm.overcommit_memory = 1', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/' }],
  remediationKeys: REDIS_OVERCOMMIT_STEPS.keys,
  remediationTemplates: REDIS_OVERCOMMIT_STEPS.templates,
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const redis = facts.withRuntime('redis');
    if (redis.length === 0) return [notApplicable('No Redis on this host.')];
    return redis.map((p): RuleOutput => {
      const mode = facts.overcommitMemory;
      if (mode === null) return notEvaluated(p.subject, 'vm.overcommit_memory is unknown.', [{ fact: 'configuration.vm.overcommitMemory', suppliedBy: 'agent read of /proc/sys/vm/overcommit_memory' }]);
      const evidence = [ev('overcommitMemory', 'vm.overcommit_memory', mode, 'count'), ev('redisVersion', 'Redis version', p.runtime('redis')?.version ?? null, 'text'), ev('rssBytes', 'Redis RSS', p.metrics?.rssBytes ?? null, 'bytes')];
      if (mode === 1) return pass(p.subject, 'vm.overcommit_memory=1: Redis can fork for background saves.', evidence);
      return hit(p.subject, 'warning', `vm.overcommit_memory=${mode} (${mode === 0 ? 'heuristic' : 'strict'}): Redis's fork for BGSAVE or an AOF rewrite may be refused — "Background save may fail".`, evidence, [
        REDIS_OVERCOMMIT_STEPS.render('sysctl.overcommit-1', { mode, rss: bytes(p.metrics?.rssBytes ?? null) }),
      ]);
    });
  },
};
