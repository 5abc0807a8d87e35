import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl, withoutSqlValues } from './logger-options';

describe('log redaction', () => {
  it('replaces the values of token-like query parameters and keeps the rest', () => {
    assert.equal(
      redactUrl('/api/v1/hosts?token=abc&limit=5&access_token=x&Enroll%5FSecret=s&q=web'),
      '/api/v1/hosts?token=[redacted]&limit=5&access_token=[redacted]&Enroll%5FSecret=[redacted]&q=web',
    );
    assert.equal(redactUrl('/callback?code=xyz&state=1'), '/callback?code=[redacted]&state=1');
    assert.equal(redactUrl('/api/v1/hosts'), '/api/v1/hosts');
    assert.equal(redactUrl('/x?%E0%A4%A=1&apikey'), '/x?%E0%A4%A=1&apikey=[redacted]');
  });

  it('drops SQL parameters and the values PostgreSQL quotes in a detail', () => {
    const err = {
      type: 'QueryFailedError',
      message: 'duplicate key',
      parameters: ['h'],
      driverError: { detail: 'Key (token_hash)=(abc) already exists.', parameters: ['h'] },
    };
    assert.deepEqual(withoutSqlValues(err), {
      type: 'QueryFailedError',
      message: 'duplicate key',
      driverError: { detail: 'Key (token_hash)=([redacted]) already exists.' },
    });
  });
});
