import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowListedEnv, redactArgv, redactText } from './redact';

describe('redaction', () => {
  it('hides secret option values in every spelling', () => {
    assert.deepEqual(redactArgv(['app', '--password=hunter2', '--token', 'abc', 'secret=s3', '--port=6379', '-Dapp.db.password=x', 'redis://u:pw@h:1']), [
      'app',
      '--password=***',
      '--token',
      '***',
      'secret=***',
      '--port=6379',
      '-Dapp.db.password=***',
      'redis://u:***@h:1',
    ]);
    assert.equal(redactText('redis-server *:6379 --requirepass foo'), 'redis-server *:6379 --requirepass ***');
  });

  it('keeps only allow-listed environment names', () => {
    const env = allowListedEnv(
      'PATH=/bin\0AWS_SECRET_ACCESS_KEY=k\0SPIN_WASMTIME_POOLING=1\0MALLOC_ARENA_MAX=2\0JAVA_TOOL_OPTIONS=-Xmx1g -Dkey.password=p\0HOME=/root\0',
    );
    assert.deepEqual(env, { SPIN_WASMTIME_POOLING: '1', MALLOC_ARENA_MAX: '2', JAVA_TOOL_OPTIONS: '-Xmx1g -Dkey.password=***' });
  });
});
