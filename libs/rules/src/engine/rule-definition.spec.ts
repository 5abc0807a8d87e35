import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { runRule } from '../testing/run-rule';
import { evaluateWith } from './evaluate';
import type { Facts } from './facts';
import { remediations } from './render';
import { ruleContent } from './rule-content';
import { defineRule, hit, pass } from './rule-definition';

const content = ruleContent({
  title: 'Memory below a line',
  explanation: 'For engine tests only.',
  severityLogic: 'warning when RAM is under the line',
  outcomes: { pass: 'RAM at or above the line', notApplicable: 'never', notEvaluated: 'never' },
  facts: ['configuration.memory.memTotalBytes'],
  sources: [{ title: 'none', url: 'https://example.org' }],
  thresholds: { lineBytes: 'RAM under which the rule warns.' },
  evidence: { memTotalBytes: 'RAM' },
  summaries: { under: (line: number) => `RAM under ${line}`, enough: 'RAM is enough' },
  missing: {},
  remediation: remediations({ 'memory.add': { title: 'Add memory', text: 'Give it {lineBytes:bytes}.', effect: 'fixes', source: 'https://example.org' } }),
});

const logic = {
  id: 'memory-line',
  version: 3,
  inputs: ['memTotalBytes'],
  thresholds: [{ name: 'lineBytes', default: 2 ** 40, unit: 'bytes' }],
  appliesTo: 'host',
} as const;

const memoryLine = defineRule(content, {
  ...logic,
  evaluate({ facts, thresholds }) {
    const evidence = [content.ev('memTotalBytes', facts.memTotalBytes, 'bytes')];
    if ((facts.memTotalBytes ?? 0) >= thresholds.lineBytes) return [pass('', content.summaries.enough, evidence)];
    return [
      hit('', 'warning', content.summaries.under(thresholds.lineBytes), evidence, [
        content.remediation.render('memory.add', { lineBytes: thresholds.lineBytes }),
      ]),
    ];
  },
});

describe('defineRule', () => {
  it('joins the logic with its content: text, sources, remediation keys and threshold descriptions', () => {
    assert.deepEqual(
      [memoryLine.id, memoryLine.version, memoryLine.inputs, memoryLine.title, memoryLine.facts, memoryLine.remediationKeys],
      ['memory-line', 3, ['memTotalBytes'], 'Memory below a line', ['configuration.memory.memTotalBytes'], ['memory.add']],
    );
    assert.deepEqual(memoryLine.thresholds, [{ name: 'lineBytes', default: 2 ** 40, unit: 'bytes', description: 'RAM under which the rule warns.' }]);
    const [r] = runRule(memoryLine, sampleReport());
    assert.deepEqual([r.outcome, r.summary, r.evidence[0].label, r.remediation[0].text], ['hit', `RAM under ${2 ** 40}`, 'RAM', 'Give it 1.00 TiB.']);
  });

  it('types evaluate with exactly the declared facts, and the content with every threshold the logic declares', () => {
    defineRule(content, {
      ...logic,
      evaluate({ facts, thresholds }) {
        // @ts-expect-error maxMapCount is not among the declared inputs
        void facts.maxMapCount;
        // @ts-expect-error no threshold of that name
        void thresholds.otherLine;
        return [];
      },
    });
    // @ts-expect-error the content describes lineBytes, not otherBytes
    defineRule(content, { ...logic, thresholds: [{ name: 'otherBytes', default: 1, unit: 'bytes' }], evaluate: () => [] });
    // @ts-expect-error no fact of that name
    defineRule(content, { ...logic, inputs: ['memoryTotal'], evaluate: () => [] });
    // @ts-expect-error the content has no evidence label for that key
    void content.ev('swapTotalBytes', 0, 'bytes');
  });

  it('hands a rule only its declared facts in specs, so a read past its type fails there; the engine shares one object', () => {
    const sneaky = defineRule(content, {
      ...logic,
      id: 'sneaky-rule',
      // Escapes its type on purpose: what a cast or an untyped helper could do.
      evaluate: ({ facts }) => [pass('', `max map count ${(facts as unknown as Facts).maxMapCount}`)],
    });
    assert.throws(() => runRule(sneaky, sampleReport()), /sneaky-rule read the fact "maxMapCount", which it does not declare in inputs/);
    const [engine] = evaluateWith([sneaky], sampleReport());
    assert.match(engine.summary, /^max map count \d+$/);
  });
});
