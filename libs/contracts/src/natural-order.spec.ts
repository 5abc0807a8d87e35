import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { naturalCompare } from './natural-order';

describe('naturalCompare', () => {
  it('orders digit runs as numbers and is a total order', () => {
    assert.deepEqual(['svc-19', 'svc-2', 'svc-10', 'svc-1'].sort(naturalCompare), ['svc-1', 'svc-2', 'svc-10', 'svc-19']);
    const redis = (port: number) => `redis:/usr/bin/redis-server|:${port}`;
    assert.deepEqual([redis(6381), redis(6379), redis(6380)].sort(naturalCompare), [redis(6379), redis(6380), redis(6381)]);
    assert.notEqual(naturalCompare('a', 'A'), 0, 'only equal strings compare equal');
  });
});
