import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';

export const REDIS_OVERCOMMIT_CONTENT = ruleContent({
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
  thresholds: {},
  evidence: { overcommitMemory: 'vm.overcommit_memory', redisVersion: 'Redis version', rssBytes: 'Redis RSS' },
  summaries: {
    absent: 'No Redis on this host.',
    unknown: 'vm.overcommit_memory is unknown.',
    alwaysOvercommits: 'vm.overcommit_memory=1: Redis can fork for background saves.',
    forkMayFail: (mode: 0 | 2) =>
      `vm.overcommit_memory=${mode} (${mode === 0 ? 'heuristic' : 'strict'}): Redis's fork for BGSAVE or an AOF rewrite may be refused — "Background save may fail".`,
    mode: (mode: 0 | 1 | 2) => `${mode} (${['heuristic', 'always', 'strict'][mode]})`,
  },
  missing: { overcommitMemory: { fact: 'configuration.vm.overcommitMemory', suppliedBy: 'agent read of /proc/sys/vm/overcommit_memory' } },
  remediation: remediations({
    'sysctl.overcommit-1': {
      title: 'Set vm.overcommit_memory = 1 (now {mode})',
      text: 'Apply now with `sysctl vm.overcommit_memory=1` and persist it in /etc/sysctl.d/90-redis.conf so a reboot keeps it; the fork for BGSAVE then shares Redis’s pages copy-on-write without a commit check (one host-wide setting, for every Redis on the host).',
      commands: ['sysctl vm.overcommit_memory=1', "echo 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-redis.conf"],
      effect: 'fixes',
      source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/',
    },
  }),
});
