import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { REDIS_OVERCOMMIT_CONTENT as C } from './redis-overcommit-bgsave.content';

export const redisOvercommitBgsave = defineRule(C, {
  id: 'redis-overcommit-bgsave',
  version: 4,
  inputs: ['withRuntime', 'overcommitMemory'],
  // The RSS is evidence of how much a fork would have to commit, not part of the verdict.
  metrics: { process: { rssBytes: 'evidence' } },
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const redis = facts.withRuntime('redis');
    if (redis.length === 0) return [notApplicable(C.summaries.absent)];
    // The step is host-wide: it carries no instance's numbers, so several instances' hits share it word for word.
    return redis.map((p): RuleOutput => {
      const mode = facts.overcommitMemory;
      if (mode === null) return notEvaluated(p.subject, C.summaries.unknown, [C.missing.overcommitMemory]);
      const evidence = [
        C.ev('overcommitMemory', C.summaries.mode(mode), 'text'),
        C.ev('redisVersion', p.runtime('redis')?.version ?? null, 'text'),
        C.ev('rssBytes', p.metrics?.rssBytes ?? null, 'bytes'),
      ];
      if (mode === 1) return pass(p.subject, C.summaries.alwaysOvercommits, evidence);
      return hit(p.subject, 'warning', C.summaries.forkMayFail(mode), evidence, [C.remediation.render('sysctl.overcommit-1', { mode })]);
    });
  },
});
