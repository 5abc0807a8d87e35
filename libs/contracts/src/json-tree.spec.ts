import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkJsonTree, MAX_JSON_DEPTH, unstorableTextProblem } from './json-tree';

describe('checkJsonTree', () => {
  it('names the path of a NUL or a lone surrogate in a value or a key, in document order', () => {
    const body = { a: [{ b: 'ok' }, { c: 'x\u0000' }], labels: { 'bad\ud800': 'v', good: 'w\udfffz' } };
    assert.deepEqual(checkJsonTree(body), [
      { path: 'a[1].c', reason: 'must not contain U+0000 (NUL)' },
      { path: 'labels["bad\\ud800"]', reason: 'key must be Unicode text (it has a lone UTF-16 surrogate)' },
      { path: 'labels.good', reason: 'must be Unicode text (it has a lone UTF-16 surrogate)' },
    ]);
    assert.deepEqual(checkJsonTree({ q: '\u0000' }, { root: 'query' }), [{ path: 'query.q', reason: 'must not contain U+0000 (NUL)' }]);
  });

  it('accepts paired surrogates (emoji) and every other text', () => {
    assert.deepEqual(checkJsonTree({ 'k😀': ['😀', 'ü', '\u0001', ''] }), []);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => s.includes('\u0000') || unstorableTextProblem(s) === null));
  });

  it('refuses nesting past the bound, however deep, without recursion', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const errors = checkJsonTree({ configuration: deep });
    assert.equal(errors.length, 1);
    assert.match(errors[0].path, /^configuration(\[0\]){63}$/);
    assert.equal(errors[0].reason, `nests deeper than ${MAX_JSON_DEPTH} levels`);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { k: ok };
    assert.deepEqual(checkJsonTree(ok), [], 'exactly the bound is fine');
  });

  it('stops after maxErrors and keeps a path short when a key is long', () => {
    assert.equal(checkJsonTree(Array.from({ length: 100 }, () => '\u0000')).length, 20);
    const [e] = checkJsonTree({ ['k'.repeat(10_000) + '\u0000']: 1 });
    assert.ok(e.path.length < 100, e.path);
  });
});
