import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLabels, MAX_LABELS, parseLabel, parseLabels } from './labels';
import { sampleReport } from './testing/sample-report';
import { validateReport } from './report/validate-report';

describe('labels', () => {
  it('parses key=value, keeping an empty value and any "=" after the first', () => {
    assert.deepEqual(parseLabel('env=prod'), { ok: true, key: 'env', value: 'prod' });
    assert.deepEqual(parseLabel('team/owner=a=b'), { ok: true, key: 'team/owner', value: 'a=b' });
    assert.deepEqual(parseLabel('k8s.io_zone-1='), { ok: true, key: 'k8s.io_zone-1', value: '' });
  });

  it('refuses a text without a key, a bad key and a value over 256 characters, saying which', () => {
    assert.deepEqual(parseLabel('novalue'), { ok: false, reason: 'must look like key=value' });
    assert.deepEqual(parseLabel('=x'), { ok: false, reason: 'must look like key=value' });
    for (const bad of ['has space=x', 'ümlaut=x', `${'k'.repeat(64)}=x`])
      assert.deepEqual(parseLabel(bad), { ok: false, reason: 'label keys are 1-63 of [A-Za-z0-9_.-/]' }, bad);
    assert.deepEqual(parseLabel(`k=${'v'.repeat(257)}`), { ok: false, reason: 'label values are strings up to 256 characters' });
    assert.equal(parseLabel(`${'k'.repeat(63)}=${'v'.repeat(256)}`).ok, true);
  });

  it('parses a list into one map, a later key winning, or lists every bad text at the given path', () => {
    assert.deepEqual(parseLabels(['a=1', 'b=2', 'a=3'], 'query.label'), { ok: true, labels: { a: '3', b: '2' } });
    const r = parseLabels(['a=1', 'x', 'bad key=1'], 'query.label');
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.deepEqual(r.errors, [
        { path: 'query.label', reason: '"x": must look like key=value' },
        { path: 'query.label', reason: '"bad key=1": label keys are 1-63 of [A-Za-z0-9_.-/]' },
      ]);
  });

  it('checks a label map entry by entry, and its size', () => {
    assert.deepEqual(checkLabels({ env: 'prod' }, 'labels'), []);
    assert.deepEqual(
      checkLabels({ 'bad key': 'x', ok: 7, long: 'v'.repeat(257) }, 'labels').map((e) => e.path),
      ['labels.bad key', 'labels.ok', 'labels.long'],
    );
    const many = Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(checkLabels(many, 'labels'), [{ path: 'labels', reason: `at most ${MAX_LABELS} labels` }]);
  });

  it('accepts null as a removal only when asked, and then does not count', () => {
    assert.deepEqual(checkLabels({ env: null }, 'labels', { removals: true }), []);
    assert.equal(checkLabels({ env: null }, 'labels').length, 1);
    assert.equal(checkLabels({ 'bad key': null }, 'labels', { removals: true }).length, 1);
  });

  it('accepts exactly what the report contract accepts as labels', () => {
    const cases: Record<string, unknown>[] = [{ env: 'prod' }, { 'a/b.c_d-e': '' }, { 'bad key': 'x' }, { k: 'v'.repeat(257) }, { ['k'.repeat(64)]: 'v' }];
    for (const labels of cases) {
      const report = { ...sampleReport(), labels } as unknown;
      assert.equal(validateReport(report).ok, checkLabels(labels, 'labels').length === 0, JSON.stringify(labels).slice(0, 80));
    }
  });
});
