import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, compareVersions, count, floorTo, sinceBoot, utcMinute } from './units';

describe('units', () => {
  it('formats sizes in binary units with two decimals', () => {
    assert.equal(bytes(2_101_248_000), '1.96 GiB');
    assert.equal(bytes(50_335_744), '48.00 MiB');
    assert.equal(bytes(6 * 1024 ** 4), '6.00 TiB');
    assert.equal(bytes(0), '0 B');
    assert.equal(bytes(null), 'unknown');
  });

  it('groups thousands', () => {
    assert.equal(count(2304), '2,304');
  });

  it('truncates instead of rounding up', () => {
    assert.equal(floorTo(1.9999, 2), 1.99);
    assert.equal(floorTo(2, 2), 2);
  });

  it('compares dotted versions numerically', () => {
    assert.equal(compareVersions('1.25.9', '1.34.0'), -1);
    assert.equal(compareVersions('1.34', '1.34.0'), 0);
    assert.equal(compareVersions('v2.6.0', '2.5.1'), 1);
    assert.equal(compareVersions('2.6.0-rc1', '2.6.0'), 0);
    assert.equal(compareVersions('10.0', '9.9'), 1);
  });

  it('gives times since boot as wall-clock UTC minutes too, and only the since-boot form without a boot time', () => {
    const boot = Date.UTC(2026, 10, 30, 8, 0, 50) / 1000;
    assert.equal(utcMinute(boot), '2026-11-30 08:00 UTC');
    assert.equal(sinceBoot(10, boot), '2026-11-30 08:01 UTC, 10 s after boot');
    assert.equal(sinceBoot(10.4, null), '10 s after boot');
  });
});
