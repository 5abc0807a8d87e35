import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, ruleTexts } from '../index';
import { describeThresholdChange, RuleTexts, thresholdValue, type RuleTextSource } from './rule-text';
import { MiB } from './units';

const demo: RuleTextSource = {
  id: 'demo-rule',
  explanation: 'Judges processes over {minResidentBytes}; literal {"kind":"envoy"} and ${ENV:-16} stay as written.',
  severityLogic:
    'critical when VMs ≥ criticalVms ({criticalVms}); warning when ≥ warningVms ({warningVms}) over {windowSeconds}, growth {growthPercent}, ratio {ratio}; raw {minResidentBytes:count} B.',
  thresholds: [
    { name: 'warningVms', default: 256, unit: 'count' },
    { name: 'criticalVms', default: 1024, unit: 'count' },
    { name: 'minResidentBytes', default: 256 * MiB, unit: 'bytes' },
    { name: 'windowSeconds', default: 6 * 3600, unit: 'seconds' },
    { name: 'growthPercent', default: 20, unit: 'percent' },
    { name: 'ratio', default: 2, unit: 'ratio' },
  ],
};

describe('rule texts with threshold holes', () => {
  it('renders the defaults, each value in its unit, and leaves braces that are not holes alone', () => {
    assert.deepEqual(new RuleTexts([demo]).render('demo-rule'), {
      explanation: 'Judges processes over 256.00 MiB; literal {"kind":"envoy"} and ${ENV:-16} stay as written.',
      severityLogic: 'critical when VMs ≥ criticalVms (1,024); warning when ≥ warningVms (256) over 6 h, growth 20%, ratio 2.0; raw 268,435,456 B.',
    });
  });

  it('renders the values in force over the defaults', () => {
    const texts = new RuleTexts([demo]).render('demo-rule', { warningVms: 100, minResidentBytes: 64 * MiB });
    assert.match(texts.severityLogic, /warningVms \(100\)/);
    assert.doesNotMatch(texts.severityLogic, /256/);
    assert.match(texts.severityLogic, /criticalVms \(1,024\)/, 'an unchanged threshold keeps its default');
    assert.match(texts.explanation, /over 64\.00 MiB/);
  });

  it('refuses at load a hole that names no declared threshold, naming the rule, the field and the hole', () => {
    assert.throws(
      () => new RuleTexts([{ ...demo, severityLogic: 'warning when ≥ warningVm ({warningVm})' }]),
      /demo-rule severityLogic: \{warningVm\} names no threshold of the rule \(it has warningVms, criticalVms/,
    );
    assert.throws(
      () => new RuleTexts([{ ...demo, explanation: 'over {minResident}', thresholds: [] }]),
      /demo-rule explanation: \{minResident\} .*it has none/,
    );
  });

  it('refuses at load an unknown format', () => {
    assert.throws(() => new RuleTexts([{ ...demo, explanation: 'over {minResidentBytes:byte}' }]), /\{minResidentBytes:byte\} has an unknown format/);
  });

  it('lists the thresholds each text quotes', () => {
    assert.deepEqual(new RuleTexts([demo]).holes('demo-rule'), {
      explanation: ['minResidentBytes'],
      severityLogic: ['criticalVms', 'warningVms', 'windowSeconds', 'growthPercent', 'ratio', 'minResidentBytes'],
    });
  });

  it('says a threshold change in words, only the values that changed', () => {
    assert.equal(describeThresholdChange(demo.thresholds, { warningVms: 256 }, { warningVms: 100 }), 'warningVms 256 → 100');
    assert.equal(
      describeThresholdChange(demo.thresholds, {}, { criticalVms: 2048, minResidentBytes: 128 * MiB }),
      'criticalVms 1,024 → 2,048, minResidentBytes 256.00 MiB → 128.00 MiB',
    );
    assert.equal(describeThresholdChange(demo.thresholds, { warningVms: 100 }, { warningVms: 100 }), 'no value changed');
    assert.equal(thresholdValue(90, 'seconds'), '90 s');
    assert.equal(thresholdValue(0.5, 'ratio'), '0.5');
  });
});

describe('the catalogue’s rule texts', () => {
  for (const rule of catalogue) {
    it(`${rule.id}: quotes every threshold it names through a hole, never as a number written in`, () => {
      for (const field of ['explanation', 'severityLogic'] as const) {
        for (const t of rule.thresholds) {
          // "warningVms (256)" goes stale the day an admin moves the line; "warningVms ({warningVms})" does not.
          assert.doesNotMatch(rule[field], new RegExp(`\\b${t.name} \\((?!\\{${t.name}[:}])`), `${field} quotes ${t.name} as a literal`);
        }
      }
      const rendered = ruleTexts.render(rule.id);
      for (const field of ['explanation', 'severityLogic'] as const)
        assert.doesNotMatch(rendered[field], /\{[A-Za-z][A-Za-z0-9]*(:[a-z]*)?\}/, `${field} has no hole left`);
    });
  }

  it('envoy-wasm-vm-explosion reads the warning line in force', () => {
    const texts = ruleTexts.render('envoy-wasm-vm-explosion', { warningVms: 100 });
    assert.match(texts.severityLogic, /warning when ≥ warningVms \(100\)/);
    assert.doesNotMatch(texts.severityLogic, /warningVms \(256\)/);
    assert.match(ruleTexts.render('envoy-wasm-vm-explosion').severityLogic, /warningVms \(256\)/, 'the defaults without overrides');
  });

  it('every threshold a rule declares and its severity logic names has a hole there', () => {
    for (const rule of catalogue) {
      const quoted = new Set(ruleTexts.holes(rule.id).severityLogic);
      for (const t of rule.thresholds) if (new RegExp(`\\b${t.name}\\b`).test(rule.severityLogic)) assert.ok(quoted.has(t.name), `${rule.id}: ${t.name}`);
    }
  });
});
