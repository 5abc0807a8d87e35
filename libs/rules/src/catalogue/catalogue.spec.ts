import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { catalogue, catalogueRevision } from '../index';

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
    });
  }

  it('has a revision that changes when a rule version changes', () => {
    assert.match(catalogueRevision, /^[0-9a-f]{12}$/);
  });
});
