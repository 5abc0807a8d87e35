import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalTimeZone, nextCronTick, parseCron } from './cron';

const from = new Date('2026-03-28T12:00:00Z');

describe('parseCron', () => {
  it('gives the next tick of a valid expression in its time zone', () => {
    assert.deepEqual(parseCron('0 6 * * *', 'UTC', from), { ok: true, tz: 'UTC', next: new Date('2026-03-29T06:00:00Z') });
    // Kathmandu is UTC+05:45: 06:00 there is 00:15 UTC.
    assert.deepEqual(parseCron('0 6 * * *', 'Asia/Kathmandu', from), { ok: true, tz: 'Asia/Kathmandu', next: new Date('2026-03-29T00:15:00Z') });
    // Berlin moves to summer time on 29 March 2026: 06:00 is 05:00 UTC before, 04:00 UTC after.
    assert.deepEqual(nextCronTick('0 6 * * *', 'Europe/Berlin', from), new Date('2026-03-29T04:00:00Z'));
    assert.deepEqual(parseCron('*/2 * * * * *', 'UTC', from), { ok: true, tz: 'UTC', next: new Date('2026-03-28T12:00:02Z') });
    assert.deepEqual(parseCron('0 6 * * *', 'utc', from), { ok: true, tz: 'UTC', next: new Date('2026-03-29T06:00:00Z') }, 'the zone as Intl spells it');
  });

  it('names the cron field for an expression BullMQ would not run', () => {
    for (const expr of ['61 * * * *', 'not cron', '', '   ', '* * * * * * *', '0 0 31 2 *', '@bogus']) {
      const r = parseCron(expr, 'UTC', from);
      assert.equal(r.ok, false, expr);
      assert.equal(!r.ok && r.field, 'cron', expr);
    }
  });

  it('names the timeZone field for a zone that is not IANA', () => {
    for (const tz of ['Mars/Olympus', '+01:00', '', 'Europe/', 'Nowhere']) {
      const r = parseCron('0 6 * * *', tz, from);
      assert.deepEqual(r.ok ? null : r.field, 'timeZone', tz);
    }
    assert.equal(canonicalTimeZone('Etc/GMT+5'), 'Etc/GMT+5');
    assert.equal(canonicalTimeZone('Mars/Olympus'), null);
  });
});
