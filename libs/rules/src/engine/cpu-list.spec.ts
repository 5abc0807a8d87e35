import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCpuList, hasGaps, parseCpuList } from './cpu-list';

describe('cpu-list', () => {
  it('parses kernel range lists into sorted CPU ids', () => {
    assert.deepEqual(parseCpuList('0-3,6,8-9'), [0, 1, 2, 3, 6, 8, 9]);
    assert.deepEqual(parseCpuList('0\n'), [0]);
    assert.deepEqual(parseCpuList(''), []);
  });

  it('returns null for missing or unreadable lists', () => {
    assert.equal(parseCpuList(null), null);
    assert.equal(parseCpuList(undefined), null);
    assert.equal(parseCpuList('0-x'), null);
  });

  it('formats ids back into ranges', () => {
    assert.equal(formatCpuList([0, 1, 2, 3, 6, 8, 9]), '0-3,6,8-9');
    assert.equal(formatCpuList([]), '');
  });

  it('sees a gap when the set is not one run from CPU 0', () => {
    assert.equal(hasGaps([0, 1, 2, 3]), false);
    assert.equal(hasGaps([0, 1, 3]), true);
    assert.equal(hasGaps([1, 2]), true);
    assert.equal(hasGaps([]), false);
  });
});
