import type { DataSource } from 'typeorm';
import { JobName, evaluateJobId } from '@memfleet/contracts';
import { createDataSource, HostsRepository, ReportsRepository, runMigrationsWithLock } from '@memfleet/persistence';
import {
  BullmqQueue,
  InlineQueue,
  MemfleetMetrics,
  startEmbeddedPostgres,
  type AppConfig,
  type EmbeddedPostgres,
  type JobQueue,
} from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { evaluationHandlers } from './evaluation.processor';
import { EvaluationService } from './evaluation.service';

export interface Runtime {
  config: AppConfig;
  ds: DataSource;
  queue: JobQueue;
  evaluation: EvaluationService;
  metrics: MemfleetMetrics;
  embedded: EmbeddedPostgres | null;
  /** Human lines describing the mode, for the start log. */
  modeLines: string[];
  close(): Promise<void>;
}

export type RuntimeRole = 'api' | 'worker';

/** Connects the database (server or embedded), migrates, and sets up the queue for an api or worker process. */
export async function createRuntime(config: AppConfig, role: RuntimeRole): Promise<Runtime> {
  const modeLines: string[] = [];
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    if (role === 'worker') throw new Error('the worker needs DATABASE_URL and REDIS_URL; without them the API evaluates in-process');
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
    modeLines.push(`database: embedded PGlite in ${embedded.dataDir} — set DATABASE_URL for PostgreSQL`);
  } else {
    modeLines.push(`database: PostgreSQL ${new URL(url).host}${new URL(url).pathname}`);
  }
  const ds = createDataSource({ url, poolSize: config.dbPoolSize, embedded: embedded !== null, applicationName: `memfleet-${role}` });
  await ds.initialize();
  const migrated = await runMigrationsWithLock(ds);
  if (migrated.length) modeLines.push(`migrations applied: ${migrated.join(', ')}`);

  const metrics = new MemfleetMetrics();
  const evaluation = new EvaluationService(ds);
  const handlers = evaluationHandlers(ds, evaluation, metrics);
  let queue: JobQueue;
  if (config.redisUrl) {
    const runWorkers = role === 'worker' || config.runWorkers;
    queue = new BullmqQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      attempts: config.jobAttempts,
      handlers: runWorkers ? handlers : undefined,
      concurrency: config.workerConcurrency,
      listen: role === 'api',
    });
    modeLines.push(`queue: BullMQ on ${new URL(config.redisUrl).host} (prefix ${config.queuePrefix})${runWorkers ? `, ${config.workerConcurrency} workers in this process` : ' — run `npm run start:worker` for workers'}`);
  } else {
    queue = new InlineQueue(handlers, { concurrency: embedded ? 1 : config.workerConcurrency, attempts: config.jobAttempts });
    modeLines.push('queue: inline — set REDIS_URL for BullMQ workers');
  }
  queue.onSettled((e) => (e.ok ? metrics.jobsCompleted.inc() : metrics.jobsFailed.inc()));

  return {
    config,
    ds,
    queue,
    evaluation,
    metrics,
    embedded,
    modeLines,
    async close() {
      await queue.close();
      await ds.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * Re-enqueues reports still `queued` (Redis was down at accept time, or the inline queue died with
 * its process). Job ids are fixed, so a report whose job still exists is not queued twice.
 */
export async function requeueStranded(rt: Runtime, olderThanSeconds: number, limit = 1000): Promise<number> {
  const rows = await new ReportsRepository(rt.ds).stranded(olderThanSeconds, limit);
  let queued = 0;
  for (const r of rows) {
    const data = { reportId: r.id, hostId: r.host_id, catalogueRevision };
    try {
      await rt.queue.enqueue({ name: JobName.EvaluateReport, data }, evaluateJobId(data));
      queued++;
    } catch {
      break; // the queue is down: the next sweep tries again
    }
  }
  return queued;
}

/** Hosts silent for MEMFLEET_RETIRE_DAYS are retired: hidden from lists and totals, kept for audits. */
export function retireSilentHosts(rt: Runtime): Promise<number> {
  return new HostsRepository(rt.ds).retireSilent(rt.config.retireDays);
}

/**
 * Volatile metrics are kept for MEMFLEET_HISTORY_DAYS: older report rows go, except each host's latest
 * and any still awaiting evaluation. Configurations stay (they grow only with configuration changes).
 */
export function pruneHistory(rt: Runtime, batch = 10_000): Promise<number> {
  return new ReportsRepository(rt.ds).pruneOlderThan(rt.config.historyDays, batch);
}
