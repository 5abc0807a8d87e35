import { remediations } from '../../engine/render';

export const ES_STEPS = remediations({
  'sysctl.max-map-count': {
    title: 'Raise vm.max_map_count to {need:count}',
    text: '`sysctl -w vm.max_map_count={need}` now (this host has {have:count}), and persist it in /etc/sysctl.d/99-elasticsearch.conf.',
    commands: ['sysctl -w vm.max_map_count={need}', "echo 'vm.max_map_count = {need}' > /etc/sysctl.d/99-elasticsearch.conf"],
    source: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/vm-max-map-count.html',
  },
});
