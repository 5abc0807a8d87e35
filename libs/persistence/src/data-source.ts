import { DataSource, type DataSourceOptions } from 'typeorm';
import { markEmbedded } from './copy-out';
import { GuardedClient } from './guarded-client';
import { MIGRATIONS } from './migrations';
import { QueryErrorLogger } from './query-logger';

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  /** Embedded PGlite serves one session: one connection, and no idle reconnect churn. */
  embedded?: boolean;
  applicationName?: string;
}

/** One DataSource definition for the app, the migration CLI and the tests. */
export function dataSourceOptions(s: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    // No entities: the repositories hold the SQL and its row types (see repositories/).
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    logger: new QueryErrorLogger(),
    applicationName: s.applicationName ?? 'memfleet',
    extra: {
      max: s.embedded ? 1 : s.poolSize,
      idleTimeoutMillis: s.embedded ? 0 : 30_000,
      connectionTimeoutMillis: 10_000,
      // The process survives PostgreSQL going away: see GuardedClient (TypeORM listens on the pool itself).
      Client: GuardedClient,
    },
  };
}

export function createDataSource(s: DataSourceSettings): DataSource {
  const ds = new DataSource(dataSourceOptions(s));
  if (s.embedded) markEmbedded(ds);
  return ds;
}
