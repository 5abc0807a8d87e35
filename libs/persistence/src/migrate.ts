import { MigrationExecutor, type DataSource } from 'typeorm';

// Any constant shared by every memfleet process: several API processes starting together take turns.
const MIGRATION_LOCK_KEY = 7_336_011_001;

/**
 * Runs pending migrations once, under a session advisory lock. Lock and migrations share one
 * connection, so this also works with the embedded database's single-connection pool.
 */
export async function runMigrationsWithLock(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'each';
      const ran = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
