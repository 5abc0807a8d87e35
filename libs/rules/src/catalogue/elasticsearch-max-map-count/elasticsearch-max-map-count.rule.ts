import { defineRule, hit, notApplicable, notEvaluated, pass, type RuleOutput } from '../../engine/rule-definition';
import { ES_CONTENT as C } from './elasticsearch-max-map-count.content';

export const elasticsearchMaxMapCount = defineRule(C, {
  id: 'elasticsearch-max-map-count',
  version: 3,
  inputs: ['withRuntime', 'maxMapCount'],
  metrics: { process: {} },
  thresholds: [{ name: 'minMapCount', default: 262_144, unit: 'count' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const es = facts.withRuntime('elasticsearch');
    if (es.length === 0) return [notApplicable(C.summaries.absent)];
    return es.map((p): RuleOutput => {
      const have = facts.maxMapCount;
      if (have === null) return notEvaluated(p.subject, C.summaries.unknown, [C.missing.maxMapCount]);
      const need = thresholds.minMapCount;
      const evidence = [C.ev('maxMapCount', have, 'count'), C.ev('minMapCount', need, 'count')];
      if (have >= need) return pass(p.subject, C.summaries.enough(have, need), evidence);
      return hit(p.subject, 'critical', C.summaries.tooLow(have, need), evidence, [C.remediation.render('sysctl.max-map-count', { need, have })]);
    });
  },
});
