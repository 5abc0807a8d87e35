import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COLLECTED_AT_WINDOW, parseTimestamp, storedTimestampIso, timestampProblem } from './timestamp';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('parseTimestamp', () => {
  it('accepts RFC 3339 forms inside the window, offsets included', () => {
    for (const t of [
      '2026-11-01T00:00:00Z',
      '2026-11-01T05:30:00.123456789+05:30',
      '2000-01-01T00:00:00Z',
      '2026-12-02T11:59:59-00:00',
      '2024-02-29T23:59:59z',
    ]) {
      assert.equal(timestampProblem(t, COLLECTED_AT_WINDOW, NOW), null, t);
    }
    assert.deepEqual(parseTimestamp('2026-11-01T05:30:00+05:30', COLLECTED_AT_WINDOW, NOW), { ok: true, epochMs: Date.parse('2026-11-01T00:00:00Z') });
  });

  it('names why a timestamp PostgreSQL or JavaScript cannot hold exactly is refused', () => {
    const cases: [string, RegExp][] = [
      ['2024-01-01T00:00:00+23:59', /±14:00/],
      ['2024-01-01T00:00:00+14:01', /±14:00/],
      ['0000-01-01T00:00:00Z', /before 2000/],
      ['9999-12-31T23:59:60Z', /leap second/],
      ['2023-02-29T00:00:00Z', /calendar/],
      ['2024-01-01T24:00:00Z', /calendar/],
      ['+010000-01-01T00:00:00Z', /RFC 3339/],
      ['2026-12-02T12:00:01Z', /24 hours after/],
      ['2026-11-01', /RFC 3339/],
    ];
    for (const [t, reason] of cases) assert.match(timestampProblem(t, COLLECTED_AT_WINDOW, NOW) ?? 'accepted', reason, t);
    assert.match(timestampProblem('9999-12-31T23:59:59Z', undefined, NOW) ?? '', /^$/);
    assert.match(timestampProblem(12, undefined, NOW) ?? '', /RFC 3339/);
  });

  it('never accepts what Date cannot place exactly where PostgreSQL would', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.date({ noInvalidDate: true }), (s, d) => {
        for (const t of [s, d.toISOString()]) {
          const p = parseTimestamp(t);
          if (p.ok) assert.equal(p.epochMs, Date.parse(t), t);
        }
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('storedTimestampIso', () => {
  it('reads back any stored form, and null for what JavaScript cannot represent', () => {
    assert.equal(storedTimestampIso(new Date('2026-11-01T00:00:00Z')), '2026-11-01T00:00:00.000Z');
    assert.equal(storedTimestampIso('2026-11-01T00:00:00+00:00'), '2026-11-01T00:00:00.000Z');
    assert.equal(storedTimestampIso('10000-01-01T00:00:00+00:00'), null, 'json_agg prints year 10000 this way');
    assert.equal(storedTimestampIso(new Date(NaN)), null);
    assert.equal(storedTimestampIso(null), null);
  });
});
