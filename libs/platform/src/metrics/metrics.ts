import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process; queue depth is read from the queue at scrape time. */
export class MemfleetMetrics {
  readonly registry = new Registry();
  readonly reportsAccepted = new Counter({
    name: 'memfleet_reports_accepted_total',
    help: 'Reports accepted (2xx), by whether the configuration changed.',
    labelNames: ['configuration'],
    registers: [this.registry],
  });
  readonly reportsRejected = new Counter({
    name: 'memfleet_reports_rejected_total',
    help: 'Reports rejected, by HTTP status.',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly jobsCompleted = new Counter({ name: 'memfleet_jobs_completed_total', help: 'Evaluation jobs completed (any worker).', registers: [this.registry] });
  readonly jobsFailed = new Counter({
    name: 'memfleet_jobs_failed_total',
    help: 'Evaluation jobs failed after their last attempt (any worker).',
    registers: [this.registry],
  });
  readonly evaluationDuration = new Histogram({
    name: 'memfleet_evaluation_duration_seconds',
    help: 'Time to evaluate one report in this process (load, rules, store).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'memfleet_job_runs_total',
    help: 'Job runs in this process by job name and outcome: completed; retried (this attempt failed, another follows); failed (its last attempt failed).',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({ name: 'memfleet_queue_depth', help: 'Evaluation jobs by state.', labelNames: ['state'], registers: [this.registry] });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'memfleet_process_' });
  }
}
