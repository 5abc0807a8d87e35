import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stableStringify } from './stable-json';

describe('stableStringify', () => {
  it('gives the same text for objects whose keys differ only in order', () => {
    assert.equal(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), stableStringify({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
  it('keeps array order, drops undefined fields and matches JSON.parse round trips', () => {
    const text = stableStringify({ z: [3, 1, 2], u: undefined, s: 'é"' });
    assert.equal(text, '{"s":"é\\"","z":[3,1,2]}');
    assert.deepEqual(JSON.parse(text), { s: 'é"', z: [3, 1, 2] });
  });
});
