import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { defaultThresholds, evaluateReport, catalogue } from '../index';
import { evaluateWith } from './evaluate';
import { hit, pass, type RuleDefinition } from './rule-definition';
import { revisionOf } from './registry';

const fake = (over: Partial<RuleDefinition>): RuleDefinition => ({
  id: 'fake-rule',
  version: 1,
  inputs: [],
  title: 'A fake rule',
  explanation: 'For engine tests only.',
  severityLogic: 'warning when seen',
  outcomes: { pass: 'never', notApplicable: 'never', notEvaluated: 'never' },
  facts: ['configuration.host.hostname'],
  sources: [{ title: 'none', url: 'https://example.org' }],
  remediationKeys: [],
  remediationTemplates: {},
  thresholds: [{ name: 'line', default: 10, unit: 'count', description: 'a line' }],
  appliesTo: 'host',
  evaluate: ({ thresholds }) => [thresholds.line > 5 ? hit('', 'warning', `line ${thresholds.line}`, [], []) : pass('', `line ${thresholds.line}`)],
  ...over,
});

describe('evaluate', () => {
  it('stamps every result with the rule id, version and the thresholds used, overrides included', () => {
    const [def] = evaluateWith([fake({})], sampleReport());
    assert.deepEqual([def.ruleId, def.ruleVersion, def.outcome, def.thresholds], ['fake-rule', 1, 'hit', { line: 10 }]);
    const [over] = evaluateWith([fake({})], sampleReport(), { thresholds: { 'fake-rule': { line: 3, unknown: 1 } } });
    assert.deepEqual([over.outcome, over.summary, over.thresholds], ['pass', 'line 3', { line: 3 }]);
  });

  it('turns a rule that throws into one not-evaluated result and keeps the others', () => {
    const broken = fake({
      id: 'broken-rule',
      evaluate: () => {
        throw new Error('boom');
      },
    });
    const out = evaluateWith([broken, fake({})], sampleReport());
    assert.deepEqual(
      out.map((r) => [r.ruleId, r.outcome, r.summary]),
      [
        ['broken-rule', 'not-evaluated', 'The rule failed on this report: boom'],
        ['fake-rule', 'hit', 'line 10'],
      ],
    );
  });

  it("leaves every rule not-evaluated, naming why, for a stored report without the contract's shape", () => {
    const stored = sampleReport() as any;
    stored.configuration.processes = null;
    stored.metrics = { cpuHotplug: 'garbage' };
    const results = evaluateReport(stored);
    assert.equal(results.length, catalogue.length);
    assert.ok(
      results.every((r) => r.outcome === 'not-evaluated' && /could not be read/.test(r.summary)),
      JSON.stringify(results[0]),
    );
  });

  it('runs every catalogue rule once per report, or only the rules asked for', () => {
    const all = evaluateReport(sampleReport());
    assert.deepEqual(
      [...new Set(all.map((r) => r.ruleId))],
      catalogue.map((r) => r.id),
    );
    // A host without runtimes: one host-level not-applicable result per runtime rule.
    assert.ok(
      all.filter((r) => r.ruleId !== 'process-memory-growth').every((r) => r.outcome === 'not-applicable' && r.subject === ''),
      JSON.stringify(all.map((r) => [r.ruleId, r.outcome])),
    );
    assert.deepEqual(
      evaluateReport(sampleReport(), { ruleIds: ['redis-overcommit-bgsave'] }).map((r) => r.ruleId),
      ['redis-overcommit-bgsave'],
    );
  });

  it('exposes each rule’s defaults, and a revision that changes with a version or a default', () => {
    assert.equal(defaultThresholds()['envoy-wasm-vm-explosion'].warningVms, 256);
    const base = revisionOf([fake({})]);
    assert.equal(revisionOf([fake({})]), base);
    assert.notEqual(revisionOf([fake({ version: 2 })]), base);
    assert.notEqual(revisionOf([fake({ thresholds: [{ name: 'line', default: 11, unit: 'count', description: 'a line' }] })]), base);
  });
});
