import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrationsWithLock } from '@memfleet/persistence';
import { APP_CONFIG, loadConfig, type AppConfig } from '../config/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../database/embedded-postgres';
import { MemfleetMetrics } from '../metrics/metrics';
import { BullmqQueue } from '../queue/bullmq-queue';
import { InlineQueue } from '../queue/inline-queue';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue';
import { queuesSettings } from './queue-settings';
import { RuntimeInfo } from './runtime-info';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

// Each resource is ready when injected: factories start PGlite, connect and migrate, in dependency
// order. RuntimeShutdown closes them in the reverse order.
export const RUNTIME_PROVIDERS: Provider[] = [
  RuntimeInfo,
  // The entry points validated the environment before Nest started (exit 2); this reads the same values.
  { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() },
  {
    provide: EMBEDDED_POSTGRES,
    inject: [APP_CONFIG, RuntimeInfo],
    useFactory: async (config: AppConfig, info: RuntimeInfo): Promise<EmbeddedPostgres | null> => {
      if (config.databaseUrl) {
        const url = new URL(config.databaseUrl);
        info.lines.push(`database: PostgreSQL ${url.host}${url.pathname}`);
        return null;
      }
      const embedded = await startEmbeddedPostgres(config.dataDir);
      info.lines.push(`database: embedded PGlite in ${embedded.dataDir} — set DATABASE_URL for PostgreSQL`);
      return embedded;
    },
  },
  {
    provide: DataSource,
    inject: [APP_CONFIG, EMBEDDED_POSTGRES, RuntimeInfo],
    useFactory: async (config: AppConfig, embedded: EmbeddedPostgres | null, info: RuntimeInfo): Promise<DataSource> => {
      // process.title is set by each entry point (memfleet-api, memfleet-worker): pg_stat_activity tells them apart.
      const ds = createDataSource({
        url: embedded?.url ?? config.databaseUrl!,
        poolSize: config.dbPoolSize,
        embedded: embedded !== null,
        applicationName: process.title,
      });
      await ds.initialize();
      const migrated = await runMigrationsWithLock(ds);
      if (migrated.length) info.lines.push(`migrations applied: ${migrated.join(', ')}`);
      return ds;
    },
  },
  {
    provide: JOB_QUEUE,
    inject: [APP_CONFIG, EMBEDDED_POSTGRES, RuntimeInfo],
    useFactory: (config: AppConfig, embedded: EmbeddedPostgres | null, info: RuntimeInfo): JobQueue => {
      const queues = queuesSettings(config, embedded !== null);
      if (!config.redisUrl) return new InlineQueue({ queues });
      info.redis = { host: new URL(config.redisUrl).host, prefix: config.queuePrefix };
      return new BullmqQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, queues, lockMs: config.jobLockSeconds * 1000 });
    },
  },
  { provide: MemfleetMetrics, useFactory: () => new MemfleetMetrics() },
];
