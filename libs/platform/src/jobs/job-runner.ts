import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { JobName } from '@memfleet/contracts';
import { APP_CONFIG, type AppConfig } from '../config/env';
import { MemfleetMetrics } from '../metrics/metrics';
import { JOB_QUEUE, RetryLaterError, type JobHandler, type JobHandlers, type JobQueue } from '../queue/job-queue';
import { ON_JOB } from './on-job.decorator';

export type ProcessRole = 'api' | 'worker';

interface Found {
  owner: string;
  handler: JobHandler;
}

/** Every @OnJob method of the application's providers, by job name. */
export function discoverJobHandlers(discovery: DiscoveryService, scanner: MetadataScanner): Map<JobName, Found[]> {
  const found = new Map<JobName, Found[]>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const fn = instance[method] as JobHandler;
      const name = Reflect.getMetadata(ON_JOB, fn) as JobName | undefined;
      if (!name) continue;
      const list = found.get(name) ?? found.set(name, []).get(name)!;
      list.push({ owner: `${instance.constructor.name}.${method}`, handler: fn.bind(instance) as JobHandler });
    }
  }
  return found;
}

/** Checks that every job name has exactly one handler; the error names the missing and the doubled ones. */
export function checkJobHandlers(found: Map<JobName, Found[]>): JobHandlers {
  const problems: string[] = [];
  for (const name of Object.values(JobName)) {
    const list = found.get(name) ?? [];
    if (list.length === 0) problems.push(`${name} has no handler`);
    if (list.length > 1) problems.push(`${name} has ${list.length} handlers (${list.map((f) => f.owner).join(', ')})`);
  }
  if (problems.length) throw new Error(`job handlers: ${problems.join('; ')}`);
  return Object.fromEntries([...found].map(([name, [f]]) => [name, f.handler])) as unknown as JobHandlers;
}

/** The handlers, each counting its runs by outcome in `metrics` (per process: what this worker did). */
export function counted(handlers: JobHandlers, metrics: MemfleetMetrics): JobHandlers {
  const wrap =
    (job: string, handler: JobHandler): JobHandler =>
    async (data, ctx) => {
      try {
        const result = await handler(data, ctx);
        metrics.jobRuns.inc({ job, outcome: 'completed' });
        return result;
      } catch (err) {
        // A postponed job (RetryLaterError) does not use up an attempt, so it runs again too.
        const last = !(err instanceof RetryLaterError) && ctx.attempt >= ctx.maxAttempts;
        metrics.jobRuns.inc({ job, outcome: last ? 'failed' : 'retried' });
        throw err;
      }
    };
  return Object.fromEntries(Object.entries(handlers).map(([job, h]) => [job, wrap(job, h as JobHandler)])) as unknown as JobHandlers;
}

/**
 * Collects the job handlers once the application is assembled, and runs them when this process takes
 * jobs: a worker always, the API when the queue is inline or MEMFLEET_RUN_WORKERS is set.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('jobs');
  private handlers?: JobHandlers;
  private running = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MemfleetMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = checkJobHandlers(discoverJobHandlers(this.discovery, this.scanner));
  }

  runsJobs(role: ProcessRole): boolean {
    return role === 'worker' || this.queue.mode === 'inline' || this.config.runWorkers;
  }

  /** Starts taking jobs if this process should; call after the application is initialised. */
  start(role: ProcessRole): boolean {
    if (!this.handlers) throw new Error('JobRunner.start before the application was initialised');
    if (this.running || !this.runsJobs(role)) return this.running;
    this.queue.process(this.metrics ? counted(this.handlers, this.metrics) : this.handlers);
    this.running = true;
    this.logger.debug(`running jobs: ${Object.keys(this.handlers).join(', ')}`);
    return true;
  }
}
