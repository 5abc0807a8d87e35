import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCpuList, hasGaps, isCpuList, MAX_CPUS, parseCpuList } from './cpu-list';

describe('cpu-list', () => {
  it('parses kernel range lists into sorted CPU ids', () => {
    assert.deepEqual(parseCpuList('0-3,6,8-9'), [0, 1, 2, 3, 6, 8, 9]);
    assert.deepEqual(parseCpuList('0\n'), [0]);
    assert.deepEqual(parseCpuList(' 0-1, 4 '), [0, 1, 4]);
    assert.deepEqual(parseCpuList(''), []);
  });

  it('sorts and deduplicates lists the kernel would not print', () => {
    assert.deepEqual(parseCpuList('4,0-2,1'), [0, 1, 2, 4]);
  });

  it('returns null for missing or unreadable lists', () => {
    assert.equal(parseCpuList(null), null);
    assert.equal(parseCpuList(undefined), null);
    for (const bad of ['0-x', '3-1', '0,,2', '0-3,', '-3', '0-3-5', '0 1', 'a']) assert.equal(parseCpuList(bad), null, bad);
  });

  it('is bounded: ids at or beyond the kernel NR_CPUS limit make the list invalid', () => {
    assert.equal(MAX_CPUS, 8192);
    assert.equal(parseCpuList(`0-${MAX_CPUS - 1}`)?.length, MAX_CPUS);
    assert.equal(parseCpuList(`0-${MAX_CPUS}`), null);
    assert.equal(parseCpuList(`${MAX_CPUS}`), null);
    assert.equal(parseCpuList('0-30000000'), null);
    assert.equal(parseCpuList('0-99999'), null);
    assert.equal(isCpuList('0-30000000'), false);
    assert.equal(isCpuList('0-255'), true);
    assert.equal(isCpuList(''), true);
  });

  it('is bounded in total: ranges that repeat cannot name more ids than a kernel has', () => {
    const repeated = Array.from({ length: 585 }, () => `0-${MAX_CPUS - 1}`).join(',');
    assert.equal(isCpuList(repeated), false);
    assert.equal(parseCpuList(repeated), null);
    assert.equal(parseCpuList(`0-${MAX_CPUS - 1},0`), null);
    assert.equal(parseCpuList(`0-${MAX_CPUS - 2},0`)?.length, MAX_CPUS - 1);
    assert.equal(parseCpuList(`0-4095,4096-${MAX_CPUS - 1}`)?.length, MAX_CPUS);
  });

  it('formats ids back into ranges', () => {
    assert.equal(formatCpuList([0, 1, 2, 3, 6, 8, 9]), '0-3,6,8-9');
    assert.equal(formatCpuList([9, 8, 0, 0]), '0,8-9');
    assert.equal(formatCpuList([]), '');
  });

  it('sees a gap when the set is not one run from CPU 0', () => {
    assert.equal(hasGaps([0, 1, 2, 3]), false);
    assert.equal(hasGaps([0, 1, 3]), true);
    assert.equal(hasGaps([1, 2]), true);
    assert.equal(hasGaps([]), false);
  });
});

describe('CPU lists stay small whatever a report or a stored row holds', () => {
  it('never expands to more than MAX_CPUS ids, for any text', () => {
    const lists = fc.oneof(
      fc.string({ maxLength: 64 }),
      fc
        .array(fc.tuple(fc.nat({ max: 5_000_000_000 }), fc.nat({ max: 5_000_000_000 })), { maxLength: 20 })
        .map((rs) => rs.map(([a, b]) => `${a}-${b}`).join(',')),
    );
    fc.assert(
      fc.property(lists, (text) => (parseCpuList(text)?.length ?? 0) <= MAX_CPUS),
      { seed: 11, numRuns: 3000 },
    );
    assert.equal(parseCpuList('0-4000000000'), null);
    assert.equal(parseCpuList(`0-${MAX_CPUS - 1}`)?.length, MAX_CPUS, 'the largest list a report may carry');
    assert.equal(parseCpuList(`0-${MAX_CPUS - 1},0-${MAX_CPUS - 1}`), null);
  });
});
