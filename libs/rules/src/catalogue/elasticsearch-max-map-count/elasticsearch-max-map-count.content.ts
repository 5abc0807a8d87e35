import { remediations } from '../../engine/render';
import { ruleContent } from '../../engine/rule-content';
import { count } from '../../engine/units';

export const ES_CONTENT = ruleContent({
  title: 'Elasticsearch needs vm.max_map_count ≥ 262,144',
  explanation:
    'Elasticsearch memory-maps its index files; its bootstrap check refuses to start in production mode when vm.max_map_count is below 262,144 ' +
    '("max virtual memory areas vm.max_map_count [65530] is too low"), and a running node can fail with out-of-memory errors once it runs out of mappings.',
  severityLogic: 'critical for each Elasticsearch when vm.max_map_count < minMapCount ({minMapCount}); pass at or above it.',
  outcomes: {
    pass: 'vm.max_map_count is at or above minMapCount.',
    notApplicable: 'No process on the host has an Elasticsearch runtime (one host-level result).',
    notEvaluated: 'vm.max_map_count is unknown.',
  },
  facts: ['configuration.processes[].runtimes[kind=elasticsearch]', 'configuration.vm.maxMapCount'],
  sources: [
    { title: 'Elasticsearch: virtual memory (vm.max_map_count)', url: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/vm-max-map-count.html' },
  ],
  thresholds: { minMapCount: 'The bootstrap check’s minimum.' },
  evidence: { maxMapCount: 'vm.max_map_count', minMapCount: 'Needed' },
  summaries: {
    absent: 'No Elasticsearch on this host.',
    unknown: 'vm.max_map_count is unknown.',
    enough: (have: number, need: number) => `vm.max_map_count is ${count(have)} (≥ ${count(need)}).`,
    tooLow: (have: number, need: number) =>
      `vm.max_map_count is ${count(have)}, below the ${count(need)} Elasticsearch's bootstrap check requires: it will not start in production mode.`,
  },
  missing: { maxMapCount: { fact: 'configuration.vm.maxMapCount', suppliedBy: 'agent read of /proc/sys/vm/max_map_count' } },
  remediation: remediations({
    'sysctl.max-map-count': {
      title: 'Raise vm.max_map_count to {need:count}',
      text: '`sysctl -w vm.max_map_count={need}` now (this host has {have:count}), and persist it in /etc/sysctl.d/99-elasticsearch.conf.',
      commands: ['sysctl -w vm.max_map_count={need}', "echo 'vm.max_map_count = {need}' > /etc/sysctl.d/99-elasticsearch.conf"],
      effect: 'fixes',
      source: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/vm-max-map-count.html',
    },
  }),
});
