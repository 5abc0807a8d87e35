import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { elasticsearchMaxMapCount as rule } from './elasticsearch-max-map-count.rule';
import { ES, esHost } from './fixtures/es-hosts.fixture';

describe('elasticsearch-max-map-count', () => {
  it('is critical at the kernel default 65,530 and renders the sysctl with persistence', () => {
    const r = only(runRule(rule, esHost(65_530)));
    assert.deepEqual([r.subject, r.severity], [ES, 'critical']);
    assert.equal(
      remediationText(r, 'sysctl.max-map-count'),
      'Raise vm.max_map_count to 262,144\n`sysctl -w vm.max_map_count=262144` now (this host has 65,530), and persist it in /etc/sysctl.d/99-elasticsearch.conf.\n' +
        "sysctl -w vm.max_map_count=262144\necho 'vm.max_map_count = 262144' > /etc/sysctl.d/99-elasticsearch.conf",
    );
    assert.equal(r.remediation[0].effect, 'fixes');
  });

  it('is critical one below 262,144 and passes at exactly 262,144', () => {
    assert.equal(only(runRule(rule, esHost(262_143))).severity, 'critical');
    assert.equal(only(runRule(rule, esHost(262_144))).outcome, 'pass');
  });

  it('is not evaluated without the sysctl, and not applicable without Elasticsearch', () => {
    assert.equal(only(runRule(rule, esHost(null))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
