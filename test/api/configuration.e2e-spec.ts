import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_MAIN, startProcess, WORKER_MAIN } from '../helpers/processes';
import { REDIS_TEST_URL } from '../helpers/throwaway-db';

async function exitOf(main: string, env: Record<string, string>): Promise<{ code: number | string | null; output: string }> {
  const proc = startProcess(main, env);
  const code = await new Promise<number | string | null>((resolve) => proc.child.on('exit', (c, s) => resolve(c ?? s)));
  return { code, output: proc.output() };
}

describe('a wrong configuration stops the process before it starts anything', { timeout: 60_000 }, () => {
  it('the API exits 2 naming the variable and what it accepts', async () => {
    const { code, output } = await exitOf(API_MAIN, { MEMFLEET_SWEEP_SECONDS: 'often' });
    assert.equal(code, 2);
    assert.equal(output.trim(), 'memfleet: configuration error: MEMFLEET_SWEEP_SECONDS=often is invalid: expected an integer from 1 to 3600');
  });

  it('the API refuses a dashboard refresh interval that is not whole seconds from 0 to an hour', async () => {
    for (const value of ['-1', '3601', 'fast']) {
      const { code, output } = await exitOf(API_MAIN, { MEMFLEET_DASHBOARD_REFRESH_SECONDS: value });
      assert.equal(code, 2, value);
      assert.equal(output.trim(), `memfleet: configuration error: MEMFLEET_DASHBOARD_REFRESH_SECONDS=${value} is invalid: expected an integer from 0 to 3600`);
    }
  });

  it('the worker exits 2 without PostgreSQL and Redis, and on a wrong value, never echoing a secret', async () => {
    const missing = await exitOf(WORKER_MAIN, { REDIS_URL: REDIS_TEST_URL });
    assert.equal(missing.code, 2);
    assert.match(missing.output, /^memfleet-worker: configuration error: the worker needs DATABASE_URL and REDIS_URL/);
    const wrong = await exitOf(WORKER_MAIN, { DATABASE_URL: 'mysql://secret@db/x', REDIS_URL: REDIS_TEST_URL });
    assert.equal(wrong.code, 2);
    assert.equal(wrong.output.trim(), 'memfleet-worker: configuration error: DATABASE_URL is invalid: expected postgres://user@host:port/db');
  });
});
