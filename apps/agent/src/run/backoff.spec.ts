import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, retryAfterMs } from './backoff';

describe('backoff', () => {
  it('backoff grows exponentially with jitter and Retry-After parses both forms', () => {
    assert.equal(
      backoffDelay(0, 1000, 300_000, () => 0),
      500,
    );
    assert.equal(
      backoffDelay(3, 1000, 300_000, () => 1),
      8000,
    );
    assert.equal(
      backoffDelay(30, 1000, 300_000, () => 1),
      300_000,
    );
    assert.equal(retryAfterMs('7'), 7000);
    assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now()) !== null, true);
    assert.equal(retryAfterMs(undefined), null);
  });
});
