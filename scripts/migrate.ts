// npm run migration:run — applies pending migrations to DATABASE_URL, or to the embedded database in
// MEMFLEET_DATA_DIR when it is unset, under the same advisory lock the servers take at start.
import { createDataSource, MIGRATIONS, runMigrationsWithLock } from '@memfleet/persistence';
import { ConfigError, loadConfig, startEmbeddedPostgres } from '@memfleet/platform';

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  const target = embedded
    ? `embedded PGlite in ${embedded.dataDir}`
    : `PostgreSQL ${new URL(config.databaseUrl!).host}${new URL(config.databaseUrl!).pathname}`;
  const ds = createDataSource({ url: embedded?.url ?? config.databaseUrl!, poolSize: 1, embedded: embedded !== null, applicationName: 'memfleet-migrate' });
  await ds.initialize();
  try {
    console.log(`migration:run: ${target}, ${MIGRATIONS.length} migrations known`);
    const ran = await runMigrationsWithLock(ds);
    for (const name of ran) console.log(`  applied ${name}`);
    console.log(ran.length ? `migration:run: ${ran.length} applied` : 'migration:run: schema is current, nothing to apply');
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((err: Error) => {
  if (err instanceof ConfigError) {
    console.error(`migration:run: configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error(`migration:run: failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
