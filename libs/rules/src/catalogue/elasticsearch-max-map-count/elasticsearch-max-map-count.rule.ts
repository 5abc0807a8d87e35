import { ev, hit, notApplicable, notEvaluated, pass, type RuleDefinition, type RuleOutput } from '../../engine/rule-definition';
import { count } from '../../engine/units';
import { ES_STEPS } from './elasticsearch-max-map-count.content';

export const elasticsearchMaxMapCount: RuleDefinition = {
  id: 'elasticsearch-max-map-count',
  version: 2,
  title: 'Elasticsearch needs vm.max_map_count ≥ 262,144',
  explanation:
    'Elasticsearch memory-maps its index files; its bootstrap check refuses to start in production mode when vm.max_map_count is below 262,144 ' +
    '("max virtual memory areas vm.max_map_count [65530] is too low"), and a running node can fail with out-of-memory errors once it runs out of mappings.',
  severityLogic: 'critical for each Elasticsearch when vm.max_map_count < minMapCount (262,144); pass at or above it.',
  outcomes: {
    pass: 'vm.max_map_count is at or above minMapCount.',
    notApplicable: 'No process on the host has an Elasticsearch runtime (one host-level result).',
    notEvaluated: 'vm.max_map_count is unknown.',
  },
  facts: ['configuration.processes[].runtimes[kind=elasticsearch]', 'configuration.vm.maxMapCount'],
  sources: [{ title: 'Elasticsearch: virtual memory (vm.max_map_count)', url: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/vm-max-map-count.html' }],
  remediationKeys: ES_STEPS.keys,
  remediationTemplates: ES_STEPS.templates,
  thresholds: [{ name: 'minMapCount', default: 262_144, unit: 'count', description: 'The bootstrap check’s minimum.' }],
  appliesTo: 'process',

  evaluate({ facts, thresholds }) {
    const es = facts.withRuntime('elasticsearch');
    if (es.length === 0) return [notApplicable('No Elasticsearch on this host.')];
    return es.map((p): RuleOutput => {
      const have = facts.maxMapCount;
      if (have === null) return notEvaluated(p.subject, 'vm.max_map_count is unknown.', [{ fact: 'configuration.vm.maxMapCount', suppliedBy: 'agent read of /proc/sys/vm/max_map_count' }]);
      const need = thresholds.minMapCount;
      const evidence = [ev('maxMapCount', 'vm.max_map_count', have, 'count'), ev('minMapCount', 'Needed', need, 'count')];
      if (have >= need) return pass(p.subject, `vm.max_map_count is ${count(have)} (≥ ${count(need)}).`, evidence);
      return hit(p.subject, 'critical', `vm.max_map_count is ${count(have)}, below the ${count(need)} Elasticsearch's bootstrap check requires: it will not start in production mode.`, evidence, [
        ES_STEPS.render('sysctl.max-map-count', { need, have }),
      ]);
    });
  },
};
