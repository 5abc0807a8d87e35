import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transitionOf } from './finding-transitions';

const stored = (outcome: string, severity: 'critical' | 'warning' | 'info' | null) => ({ id: 'f', ruleId: 'r', subject: '', outcome, severity });

describe('finding transitions', () => {
  it('opens when a rule first hits, or hits again after passing', () => {
    assert.deepEqual(transitionOf(undefined, { outcome: 'hit', severity: 'warning' }), { kind: 'opened', severity: 'warning', previousSeverity: null });
    assert.equal(transitionOf(stored('pass', null), { outcome: 'hit', severity: 'critical' })?.kind, 'opened');
  });
  it('records a severity change only while the hit stays open', () => {
    assert.deepEqual(transitionOf(stored('hit', 'warning'), { outcome: 'hit', severity: 'critical' }), {
      kind: 'severity-changed',
      severity: 'critical',
      previousSeverity: 'warning',
    });
    assert.equal(transitionOf(stored('hit', 'warning'), { outcome: 'hit', severity: 'warning' }), null);
  });
  it('resolves when a hit turns into any other outcome, and is silent between non-hits', () => {
    assert.equal(transitionOf(stored('hit', 'critical'), { outcome: 'not-applicable', severity: null })?.kind, 'resolved');
    assert.equal(transitionOf(stored('pass', null), { outcome: 'not-evaluated', severity: null }), null);
    assert.equal(transitionOf(undefined, { outcome: 'pass', severity: null }), null);
  });
});
