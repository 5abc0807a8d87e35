import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { compareVersions } from '../../engine/units';
import { THP_CONTENT as C } from './thp-enabled-for-redis-mongodb.content';

export const thpEnabledForRedisMongodb = defineRule(C, {
  id: 'thp-enabled-for-redis-mongodb',
  version: 3,
  inputs: ['withRuntime', 'thpEnabled'],
  metrics: { process: {} },
  thresholds: [],
  appliesTo: 'process',

  evaluate({ facts }) {
    const procs = [...facts.withRuntime('redis'), ...facts.withRuntime('mongodb')];
    if (procs.length === 0) return [notApplicable(C.summaries.absent)];
    const thp = facts.thpEnabled;
    return procs.map((p): RuleOutput => {
      if (thp === null) return notEvaluated(p.subject, C.summaries.thpUnknown, [C.missing.thp]);
      const redis = p.runtime('redis');
      const version = (redis ?? p.runtime('mongodb'))?.version ?? null;
      const evidence = [C.ev('thp', thp, 'text'), C.ev('runtime', redis ? 'redis' : 'mongodb', 'text'), C.ev('version', version, 'text')];
      if (redis) {
        if (thp !== 'always') return pass(p.subject, C.summaries.redisAdvised(thp), evidence);
        return hit(p.subject, 'warning', C.summaries.redisAlways, evidence, [
          C.remediation.render('thp.set-madvise', { thp, redis: C.summaries.redis(version) }),
        ]);
      }
      if (!version) return notEvaluated(p.subject, C.summaries.mongoVersionUnknown, [C.missing.mongoVersion], evidence);
      const modern = compareVersions(version, '8.0') >= 0;
      if (!modern && thp === 'always') {
        return hit(p.subject, 'warning', C.summaries.mongoOldAlways(version), evidence, [C.remediation.render('thp.disable-for-mongodb', { thp, version })]);
      }
      if (modern && thp === 'never') {
        return hit(p.subject, 'info', C.summaries.mongoModernNever(version), evidence, [C.remediation.render('thp.enable-for-mongodb-8', { thp, version })]);
      }
      return pass(p.subject, C.summaries.mongoAdvised(thp, version), evidence);
    });
  },
});
