import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const GAUGES_NAMED_TOTAL = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

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
  readonly reportsInProgress = new Gauge({
    name: 'memfleet_reports_in_progress',
    help: 'Report posts this process is reading, validating or storing (at MEMFLEET_INGEST_MAX_PENDING further posts are answered 503).',
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
    if (opts.defaultMetrics === false) return;
    // prom-client's standard names (process_*, nodejs_*), unprefixed, so existing Node.js dashboards work.
    collectDefaultMetrics({ register: this.registry });
    // Except three gauges named like counters (promtool refuses a gauge ending in _total): their totals are
    // sum(nodejs_active_handles), sum(nodejs_active_requests) and sum(nodejs_active_resources).
    for (const name of GAUGES_NAMED_TOTAL) this.registry.removeSingleMetric(name);
  }
}
