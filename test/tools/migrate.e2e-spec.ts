import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '@memfleet/persistence';
import { REPO_ROOT, startProcess } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const MIGRATE_MAIN = path.join(REPO_ROOT, 'dist/scripts/migrate.js');

async function run(env: Record<string, string>): Promise<{ code: number | string | null; output: string }> {
  const proc = startProcess(MIGRATE_MAIN, env);
  const code = await new Promise<number | string | null>((resolve) => proc.child.on('exit', (c, s) => resolve(c ?? s)));
  return { code, output: proc.output() };
}

describe('npm run migration:run', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  before(async () => (db = await createThrowawayDatabase()));
  after(async () => db.drop());

  it('applies every migration to an empty database, then finds nothing to apply', async () => {
    const first = await run({ DATABASE_URL: db.url });
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, new RegExp(`migration:run: ${MIGRATIONS.length} applied`));
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const { rows } = await pg.query('SELECT count(*)::int AS n FROM typeorm_migrations');
    const tables = await pg.query(`SELECT to_regclass('public.reports') AS t`);
    await pg.end();
    assert.equal(rows[0].n, MIGRATIONS.length);
    assert.equal(tables.rows[0].t, 'reports');

    const second = await run({ DATABASE_URL: db.url });
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /schema is current, nothing to apply/);
  });

  it('exits 2 naming the variable when DATABASE_URL is not PostgreSQL', async () => {
    const { code, output } = await run({ DATABASE_URL: 'mysql://db/x' });
    assert.equal(code, 2);
    assert.match(output, /^migration:run: configuration error: DATABASE_URL is invalid/);
  });
});
