import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SEVERITIES, type RuleResult } from '@memfleet/contracts';
import { catalogue, catalogueRevision, defaultThresholds, evaluateReport, ruleById } from '../index';
import { generateReport } from '../testing/generate-reports';

// Works from source (tsx) and from dist/ (compiled .js beside compiled fixtures).
const dir = __dirname;
const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('the rule catalogue', () => {
  it('has unique ids, one folder per rule, and no folder outside the catalogue', () => {
    const ids = catalogue.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    assert.deepEqual([...folders].sort(), [...ids].sort());
  });

  for (const rule of catalogue) {
    it(`${rule.id}: has a spec, fixtures and complete metadata`, () => {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(fs.existsSync(path.join(dir, rule.id, `${rule.id}.rule${ext}`)), 'rule module');
      assert.ok(fs.existsSync(path.join(dir, rule.id, `${rule.id}.rule.spec${ext}`)), 'spec beside the rule');
      const fixtures = path.join(dir, rule.id, 'fixtures');
      assert.ok(fs.existsSync(fixtures) && fs.readdirSync(fixtures).some((f) => f.endsWith(`.fixture${ext}`)), 'fixtures/ with at least one fixture');
      assert.ok(Number.isInteger(rule.version) && rule.version > 0, 'positive integer version');
      for (const field of ['title', 'explanation', 'severityLogic'] as const) assert.ok(rule[field].trim().length > 10, field);
      assert.ok(rule.sources.length > 0 && rule.sources.every((s) => /^https:\/\//.test(s.url)), 'sources with links');
      assert.ok(rule.remediationKeys.length > 0 && rule.remediationKeys.every((k) => /^[a-z0-9-]+\.[a-z0-9-]+$/.test(k)), 'remediation keys like area.action');
      assert.ok(rule.facts.length > 0, 'facts it reads');
      const names = rule.thresholds.map((t) => t.name);
      assert.equal(new Set(names).size, names.length, 'unique threshold names');
      assert.ok(rule.thresholds.every((t) => Number.isFinite(t.default) && t.description.length > 5), 'thresholds with defaults and descriptions');
      for (const field of ['pass', 'notApplicable', 'notEvaluated'] as const) assert.ok(rule.outcomes[field].trim().length > 5, `outcomes.${field}`);
      assert.deepEqual([...rule.remediationKeys].sort(), Object.keys(rule.remediationTemplates).sort(), 'remediation keys are the template keys');
      for (const [key, t] of Object.entries(rule.remediationTemplates)) assert.match(t.source, /^https:\/\//, `${key} names its upstream source`);
    });
  }

  it('returns well-formed results for every rule over a generated fleet', () => {
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 300; i++) {
      const report = generateReport(i);
      const subjects = new Set(report.configuration.processes.map((p) => p.subject));
      const results = evaluateReport(report);
      for (const rule of catalogue) assert.ok(results.some((r) => r.ruleId === rule.id), `${rule.id} returned nothing for report ${i}`);
      for (const r of results) {
        const where = `${r.ruleId} ${r.subject} (report ${i})`;
        const rule = ruleById(r.ruleId)!;
        assert.ok(r.subject === '' || subjects.has(r.subject), `${where}: unknown subject`);
        assert.deepEqual(r.thresholds, defaultThresholds()[r.ruleId], `${where}: thresholds recorded`);
        checkOutcome(r, rule.remediationKeys, where);
        const outcomes = seen.get(r.ruleId) ?? new Set<string>();
        outcomes.add(r.outcome);
        seen.set(r.ruleId, outcomes);
      }
    }
    // The generated fleet exercises hits of every rule that can hit without history.
    for (const rule of catalogue) if (rule.id !== 'process-memory-growth') assert.ok(seen.get(rule.id)?.has('hit') || seen.get(rule.id)?.has('pass'), `${rule.id}: ${[...(seen.get(rule.id) ?? [])].join(', ')}`);
  });

  it('has a revision that changes when a rule version changes', () => {
    assert.match(catalogueRevision, /^[0-9a-f]{12}$/);
  });
});

const UNITS = new Set(['bytes', 'count', 'cpus', 'seconds', 'ratio', 'bits', 'percent', 'bytes/s', 'flag', 'text']);

function checkOutcome(r: RuleResult, keys: readonly string[], where: string): void {
  assert.ok(r.summary.length > 0, `${where}: summary`);
  for (const e of r.evidence) assert.ok(UNITS.has(e.unit), `${where}: evidence ${e.key} unit ${e.unit}`);
  switch (r.outcome) {
    case 'hit':
      assert.ok(r.severity !== null && (SEVERITIES as readonly string[]).includes(r.severity), `${where}: severity`);
      assert.ok(r.evidence.length > 0, `${where}: a hit carries evidence`);
      if (r.severity !== 'info') assert.ok(r.remediation.length > 0, `${where}: a warning or critical hit carries remediation`);
      for (const step of r.remediation) {
        assert.ok(keys.includes(step.key), `${where}: undeclared remediation ${step.key}`);
        assert.ok(step.source?.startsWith('https://'), `${where}: ${step.key} source`);
        assert.doesNotMatch(`${step.title} ${step.text} ${(step.commands ?? []).join(' ')}`, /\{[A-Za-z]+(:\w+)?\}|undefined|NaN/, `${where}: ${step.key} fully rendered`);
      }
      break;
    case 'pass':
      assert.equal(r.severity, null, `${where}: a pass has no severity`);
      break;
    case 'not-applicable':
      assert.deepEqual([r.subject, r.severity, r.remediation], ['', null, []], `${where}: not-applicable is one host-level result`);
      break;
    case 'not-evaluated':
      assert.ok(r.missing && r.missing.length > 0 && r.missing.every((m) => m.fact && m.suppliedBy), `${where}: names the missing facts and what supplies them`);
      break;
  }
}
