import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spool } from './spool';

describe('spool', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-spool-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the spool is bounded: oldest dropped first and counted', () => {
    const spool = new Spool(path.join(tmp, 'bounded'), { maxReports: 3, maxBytes: 1e9 });
    for (let s = 1; s <= 5; s++) spool.add(s, `k${s}`, Buffer.from('x'));
    assert.deepEqual(
      spool.list().map((e) => e.sequence),
      [3, 4, 5],
    );
    assert.equal(spool.counters().dropped, 2);
  });
});
