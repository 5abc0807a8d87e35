import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleResult } from '@memfleet/contracts';
import { exitCodeFor, formatFindings, jsonFindings } from './findings-format';

const result = (severity: RuleResult['severity'], outcome: RuleResult['outcome'] = 'hit'): RuleResult => ({
  ruleId: `r-${severity}`,
  ruleVersion: 1,
  subject: 'envoy:/usr/local/bin/envoy',
  outcome,
  severity,
  summary: 'something fired',
  evidence: [{ key: 'vms', label: 'V8 VMs', value: 2304, unit: 'count' }],
  remediation: [{ key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', commands: ['envoy --concurrency 16'] }],
});

describe('findings-format', () => {
  it('exits 0 when nothing fires, 1 on a warning, 2 on a critical', () => {
    assert.equal(exitCodeFor([result('critical', 'pass'), result(null, 'not-evaluated')]), 0);
    assert.equal(exitCodeFor([result('info')]), 0);
    assert.equal(exitCodeFor([result('warning'), result('info')]), 1);
    assert.equal(exitCodeFor([result('warning'), result('critical')]), 2);
  });

  it('prints hits worst first with evidence and remediation, then what could not be judged', () => {
    const text = formatFindings([
      result('warning'),
      result('critical'),
      { ...result(null, 'not-evaluated'), missing: [{ fact: 'envoy.wasmPluginCount', suppliedBy: 'a declaration' }] },
    ]);
    assert.ok(text.indexOf('CRITICAL r-critical') < text.indexOf('WARNING r-warning'), text);
    assert.match(text, /\n {2}- V8 VMs: 2304 count\n/);
    assert.match(text, /\$ envoy --concurrency 16/);
    assert.match(text, /not evaluated r-null \[envoy:\/usr\/local\/bin\/envoy\]: missing envoy.wasmPluginCount \(supplied by a declaration\)/);
    assert.match(text, /2 finding\(s\), 0 passed, 1 not evaluated\.\n$/);
  });

  it('gives check --json the fields it promises', () => {
    assert.deepEqual(Object.keys(jsonFindings([result('warning')])[0]).sort(), [
      'evidence',
      'outcome',
      'remediation',
      'ruleId',
      'ruleVersion',
      'severity',
      'subject',
      'summary',
    ]);
  });
});
