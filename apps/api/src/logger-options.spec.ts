import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loggerOptions, redactUrl, requestLogLevel, withoutSqlValues } from './logger-options';
import { shedMark } from './reports/shed-mark';

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

  it('logs a successful report post at debug and every other answer as before', () => {
    const post = (url: string) => ({ method: 'POST', url });
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 202 }), 'debug');
    assert.equal(requestLogLevel(post('/api/v1/reports?wait=5'), { statusCode: 200 }), 'debug');
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 400 }), 'warn');
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 503 }), 'warn');
    // shed by admission control: by the thousand under overload, summarised by ingestAdmission instead
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 503, [shedMark]: true } as { statusCode: number }), 'debug');
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 500 }), 'error');
    assert.equal(requestLogLevel(post('/api/v1/reports'), { statusCode: 202 }, new Error('x')), 'error');
    assert.equal(requestLogLevel(post('/api/v1/reports/failed'), { statusCode: 200 }), 'info');
    assert.equal(requestLogLevel({ method: 'GET', url: '/api/v1/reports/1' }, { statusCode: 200 }), 'info');
    assert.equal(requestLogLevel(post('/api/v1/agents/enroll'), { statusCode: 201 }), 'info');
  });
});

describe('log destination', () => {
  it('writes JSON (pino to stdout) when stdout is not a terminal, readable lines through pino-pretty when it is', () => {
    const json = loggerOptions('info', false).pinoHttp;
    assert.ok(json && !Array.isArray(json) && (json as { level: string }).level === 'info', 'options only: pino writes JSON to stdout');
    const pretty = loggerOptions('info', true).pinoHttp;
    assert.ok(Array.isArray(pretty) && pretty[0].level === 'info', 'options and a pretty stream');
  });
});
