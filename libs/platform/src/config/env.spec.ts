import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, ENV_VARS, loadConfig } from './env';

const repoRoot = () => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
};

describe('environment configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    assert.deepEqual([c.port, c.databaseUrl, c.redisUrl, c.metricsPublic, c.maxBodyBytes, c.retireDays], [3000, null, null, false, 1048576, 30]);
  });

  it('stops on a wrong value, naming the variable and what it accepts', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT=eighty .* integer from 0 to 65535/.test(e.message));
    assert.throws(() => loadConfig({ MEMFLEET_METRICS_PUBLIC: 'yes' }), /MEMFLEET_METRICS_PUBLIC=yes is invalid: expected true or false/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL is invalid/);
    assert.throws(() => loadConfig({ MEMFLEET_ADMIN_TOKEN: 'short' }), /at least 16 characters/);
  });

  it('documents every variable with its default in the README configuration table', () => {
    const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    for (const v of ENV_VARS) {
      assert.ok(readme.includes(`| \`${v.name}\` | \`${v.default}\` |`), `README.md lacks the row for ${v.name} with default ${v.default}`);
    }
  });
});
