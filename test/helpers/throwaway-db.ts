import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrationsWithLock } from '@memfleet/persistence';

/** The real PostgreSQL this machine and CI run; override with TEST_PG_URL. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ThrowawayDb {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh database for one test file; drop() removes it. */
export async function createThrowawayDatabase(prefix = 'memfleet_test'): Promise<ThrowawayDb> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated DataSource on a throwaway database. */
export async function migratedDataSource(poolSize = 5): Promise<{ ds: DataSource; db: ThrowawayDb; close(): Promise<void> }> {
  const db = await createThrowawayDatabase();
  const ds = createDataSource({ url: db.url, poolSize });
  await ds.initialize();
  await runMigrationsWithLock(ds);
  return {
    ds,
    db,
    async close() {
      await ds.destroy();
      await db.drop();
    },
  };
}

export function uniqueQueuePrefix(): string {
  return `memfleet-test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
