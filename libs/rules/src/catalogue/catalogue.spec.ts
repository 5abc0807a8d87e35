import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REMEDIATION_EFFECTS, SEVERITIES, sampleReport, type Outcome, type RuleResult } from '@memfleet/contracts';
import { buildFacts, catalogue, catalogueRevision, defaultThresholds, evaluateReport, ruleById, ruleInputs } from '../index';
import type { HistorySample } from '../engine/facts';
import { revisionOf } from '../engine/registry';
import type { RuleDefinition } from '../engine/rule-definition';
import { generateReport } from '../testing/generate-reports';
import { runRule } from '../testing/run-rule';

// Works from source (tsx) and from dist/ (compiled .js beside compiled fixtures).
const dir = __dirname;
const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
const folders = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const FACT_KEYS = new Set(Object.keys(buildFacts(sampleReport())));

function repoRoot(): string {
  let d = dir;
  while (!fs.existsSync(path.join(d, 'package.json'))) d = path.dirname(d);
  return d;
}

/** String literals of four words or more in a module's source, comments left out: prose that belongs in content. */
function proseIn(file: string): string[] {
  const code = fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/.*$/gm, '');
  const literals = code.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? [];
  return literals.filter((s) => s.split(/\s+/).length >= 4);
}

describe('the rule catalogue', () => {
  it('has unique ids, one folder per rule, and no folder outside the catalogue', () => {
    const ids = catalogue.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    assert.deepEqual([...folders].sort(), [...ids].sort());
  });

  for (const rule of catalogue) {
    it(`${rule.id}: has a spec, content, fixtures, declared inputs and complete metadata`, () => {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(fs.existsSync(path.join(dir, rule.id, `${rule.id}.rule${ext}`)), 'rule module');
      assert.ok(fs.existsSync(path.join(dir, rule.id, `${rule.id}.rule.spec${ext}`)), 'spec beside the rule');
      assert.ok(fs.existsSync(path.join(dir, rule.id, `${rule.id}.content${ext}`)), 'content beside the rule');
      const fixtures = path.join(dir, rule.id, 'fixtures');
      assert.ok(fs.existsSync(fixtures) && fs.readdirSync(fixtures).some((f) => f.endsWith(`.fixture${ext}`)), 'fixtures/ with at least one fixture');
      assert.ok(Number.isInteger(rule.version) && rule.version > 0, 'positive integer version');
      assert.ok(rule.inputs.length > 0, 'declares the facts it reads');
      assert.equal(new Set(rule.inputs).size, rule.inputs.length, 'each input once');
      for (const input of rule.inputs) assert.ok(FACT_KEYS.has(input), `declares the input ${input}, which buildFacts does not provide`);
      for (const field of ['title', 'explanation', 'severityLogic'] as const) assert.ok(rule[field].trim().length > 10, field);
      assert.ok(rule.sources.length > 0 && rule.sources.every((s) => /^https:\/\//.test(s.url)), 'sources with links');
      assert.ok(rule.remediationKeys.length > 0 && rule.remediationKeys.every((k) => /^[a-z0-9-]+\.[a-z0-9-]+$/.test(k)), 'remediation keys like area.action');
      assert.ok(rule.facts.length > 0, 'facts it reads');
      const names = rule.thresholds.map((t) => t.name);
      assert.equal(new Set(names).size, names.length, 'unique threshold names');
      assert.ok(
        rule.thresholds.every((t) => Number.isFinite(t.default) && t.description.length > 5),
        'thresholds with defaults and descriptions',
      );
      for (const field of ['pass', 'notApplicable', 'notEvaluated'] as const) assert.ok(rule.outcomes[field].trim().length > 5, `outcomes.${field}`);
      assert.deepEqual([...rule.remediationKeys].sort(), Object.keys(rule.remediationTemplates).sort(), 'remediation keys are the template keys');
      for (const [key, t] of Object.entries(rule.remediationTemplates)) assert.match(t.source, /^https:\/\//, `${key} names its upstream source`);
      assert.deepEqual(proseIn(path.join(repoRoot(), 'libs/rules/src/catalogue', rule.id, `${rule.id}.rule.ts`)), [], 'prose lives in the content module');
    });
  }

  // An angle-bracket placeholder (`<unit>`) is copied as it is by whoever runs the command: unknown parts are
  // capitals the text explains (UNIT), filled by the renderer from a placeholder value.
  const ANGLE_PLACEHOLDER = /<[A-Za-z][^<>]*>/;

  it('has no angle-bracket placeholder in any remediation template, and declares whether each step fixes, mitigates or diagnoses', () => {
    for (const rule of catalogue) {
      for (const [key, t] of Object.entries(rule.remediationTemplates)) {
        for (const part of [t.title, t.text, ...(t.commands ?? [])]) assert.doesNotMatch(part, ANGLE_PLACEHOLDER, `${rule.id} ${key}`);
        assert.ok(REMEDIATION_EFFECTS.includes(t.effect), `${rule.id} ${key}: effect`);
      }
    }
  });

  it('lists every rule’s declared inputs in the registry', () => {
    assert.deepEqual(ruleInputs(), Object.fromEntries(catalogue.map((r) => [r.id, r.inputs])));
    assert.deepEqual(ruleInputs()['elasticsearch-max-map-count'], ['withRuntime', 'maxMapCount']);
  });

  // Over 300 generated hosts without history: the outcomes each rule reaches. Aeron's generated hosts all
  // have room, and growth needs earlier reports, so neither hits here.
  const EXPECTED: Record<string, Outcome[]> = {
    'wasmtime-pooling-unsupported-host': ['hit', 'not-applicable', 'pass'],
    'envoy-wasm-vm-explosion': ['hit', 'not-applicable', 'pass'],
    'tcmalloc-cpu-hotplug-crash': ['hit', 'not-applicable', 'pass'],
    'aeron-shm-usable-space': ['not-applicable', 'pass'],
    'allocator-fragmentation': ['hit', 'not-applicable', 'pass'],
    'glibc-arena-bloat': ['hit', 'pass'],
    'thp-enabled-for-redis-mongodb': ['hit', 'not-applicable', 'pass'],
    'redis-overcommit-bgsave': ['hit', 'not-applicable', 'pass'],
    'elasticsearch-max-map-count': ['hit', 'not-applicable', 'pass'],
    'jvm-container-unaware': ['hit', 'not-applicable', 'pass'],
    'process-memory-growth': ['not-evaluated'],
  };

  it('returns well-formed results for every rule over a generated fleet, reaching the outcomes expected of each', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), catalogue.map((r) => r.id).sort(), 'an expectation per rule');
    const seen = new Map<string, Set<Outcome>>();
    for (let i = 0; i < 300; i++) {
      const report = generateReport(i);
      const subjects = new Set(report.configuration.processes.map((p) => p.subject));
      const results = evaluateReport(report);
      for (const rule of catalogue)
        assert.ok(
          results.some((r) => r.ruleId === rule.id),
          `${rule.id} returned nothing for report ${i}`,
        );
      for (const r of results) {
        const where = `${r.ruleId} ${r.subject} (report ${i})`;
        const rule = ruleById(r.ruleId)!;
        assert.ok(r.subject === '' || subjects.has(r.subject), `${where}: unknown subject`);
        assert.deepEqual(r.thresholds, defaultThresholds()[r.ruleId], `${where}: thresholds recorded`);
        checkOutcome(r, rule.remediationKeys, where);
        const outcomes = seen.get(r.ruleId) ?? new Set<Outcome>();
        outcomes.add(r.outcome);
        seen.set(r.ruleId, outcomes);
      }
    }
    for (const rule of catalogue) assert.deepEqual([...(seen.get(rule.id) ?? [])].sort(), EXPECTED[rule.id], `${rule.id}: outcomes over the fleet`);
  });

  it('gives the same results when each rule sees only its declared facts, with and without history', () => {
    for (let i = 0; i < 120; i++) {
      const history: HistorySample[] = [];
      if (i % 2) {
        for (let seq = 1; seq < 13; seq++) {
          const r = generateReport(i, { sequence: seq });
          history.push({ sequence: seq, collectedAt: r.collectedAt, cpuOnline: r.configuration.cpu.online ?? null, metrics: r.metrics });
        }
      }
      const report = generateReport(i, { sequence: 13 });
      const all = evaluateReport(report, { history });
      for (const rule of catalogue)
        assert.deepEqual(
          runRule(rule, report, { history }),
          all.filter((r) => r.ruleId === rule.id),
          `${rule.id} (report ${i})`,
        );
    }
  });

  describe('revision', () => {
    const edit = (id: string, change: (r: RuleDefinition) => RuleDefinition) => catalogue.map((r) => (r.id === id ? change(r) : r));
    const first = catalogue[0];
    const withThresholds = catalogue.find((r) => r.thresholds.length > 0)!;

    it('is the revision of the rules as they are, and does not depend on their order', () => {
      assert.match(catalogueRevision, /^[0-9a-f]{12}$/);
      assert.equal(revisionOf(catalogue), catalogueRevision);
      assert.equal(revisionOf([...catalogue].reverse()), catalogueRevision);
      assert.equal(revisionOf(catalogue.map((r) => ({ ...r }))), catalogueRevision);
    });

    it('changes when a rule’s logic version or a default threshold changes, or a rule comes or goes', () => {
      const revisions = [
        catalogueRevision,
        revisionOf(edit(first.id, (r) => ({ ...r, version: r.version + 1 }))),
        revisionOf(edit(withThresholds.id, (r) => ({ ...r, thresholds: r.thresholds.map((t, k) => (k === 0 ? { ...t, default: t.default + 1 } : t)) }))),
        revisionOf(catalogue.slice(1)),
        revisionOf([...catalogue, { ...first, id: `${first.id}-copy` }]),
        revisionOf(edit(first.id, (r) => ({ ...r, id: `${r.id}-renamed` }))),
      ];
      assert.equal(new Set(revisions).size, revisions.length, revisions.join(' '));
    });

    it('stays the same when only content changes (text is re-rendered at the host’s next report, not fleet-wide)', () => {
      const changed = edit(first.id, (r) => ({
        ...r,
        title: `${r.title}, retitled`,
        explanation: `${r.explanation} More.`,
        severityLogic: `${r.severityLogic} More.`,
        outcomes: { ...r.outcomes, pass: `${r.outcomes.pass} More.` },
        sources: [...r.sources, { title: 'another', url: 'https://example.org' }],
        remediationTemplates: Object.fromEntries(Object.entries(r.remediationTemplates).map(([k, t]) => [k, { ...t, text: `${t.text} More.` }])),
        thresholds: r.thresholds.map((t) => ({ ...t, description: `${t.description} More.` })),
      }));
      assert.equal(revisionOf(changed), catalogueRevision);
    });
  });
});

const UNITS = new Set(['bytes', 'count', 'cpus', 'seconds', 'ratio', 'bits', 'percent', 'bytes/s', 'bytes/h', 'flag', 'text']);

function checkOutcome(r: RuleResult, keys: readonly string[], where: string): void {
  assert.ok(r.summary.length > 0, `${where}: summary`);
  assert.doesNotMatch(r.summary, /\bnull\b|undefined|NaN|unknown of|<[A-Za-z][^<>]*>/, `${where}: summary has no missing value in words`);
  for (const e of r.evidence) {
    assert.ok(UNITS.has(e.unit), `${where}: evidence ${e.key} unit ${e.unit}`);
    assert.ok(typeof e.label === 'string' && e.label.length > 0, `${where}: evidence ${e.key} has a label`);
  }
  switch (r.outcome) {
    case 'hit':
      assert.ok(r.severity !== null && (SEVERITIES as readonly string[]).includes(r.severity), `${where}: severity`);
      assert.ok(r.evidence.length > 0, `${where}: a hit carries evidence`);
      if (r.severity !== 'info') assert.ok(r.remediation.length > 0, `${where}: a warning or critical hit carries remediation`);
      for (const step of r.remediation) {
        assert.ok(keys.includes(step.key), `${where}: undeclared remediation ${step.key}`);
        assert.ok(REMEDIATION_EFFECTS.includes(step.effect), `${where}: ${step.key} says whether it fixes, mitigates or diagnoses`);
        const rendered = `${step.title} ${step.text} ${(step.commands ?? []).join(' ')}`;
        assert.doesNotMatch(
          rendered,
          /<[A-Za-z][^<>]*>|\bnull\b|unknown of|unknown bytes/,
          `${where}: ${step.key} has no placeholder or missing value in words`,
        );
        // A template says in words what to put in place of each part in capitals.
        if (step.template) assert.match(step.text, /Replace [A-Z][A-Z0-9_]* with /, `${where}: ${step.key} template explained`);
        assert.ok(step.source?.startsWith('https://'), `${where}: ${step.key} source`);
        assert.doesNotMatch(
          `${step.title} ${step.text} ${(step.commands ?? []).join(' ')}`,
          /\{[A-Za-z]+(:\w+)?\}|undefined|NaN/,
          `${where}: ${step.key} fully rendered`,
        );
      }
      break;
    case 'pass':
      assert.equal(r.severity, null, `${where}: a pass has no severity`);
      break;
    case 'not-applicable':
      assert.deepEqual([r.subject, r.severity, r.remediation], ['', null, []], `${where}: not-applicable is one host-level result`);
      break;
    case 'not-evaluated':
      assert.ok(
        r.missing && r.missing.length > 0 && r.missing.every((m) => m.fact && m.suppliedBy),
        `${where}: names the missing facts and what supplies them`,
      );
      break;
  }
}
