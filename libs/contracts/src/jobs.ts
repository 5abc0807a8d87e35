/** Every queue and job the system runs; no string literal elsewhere names one. */
export enum QueueName {
  Evaluation = 'evaluation',
  /** Periodic upkeep, on its own queue so an evaluation backlog never delays it. */
  Housekeeping = 'housekeeping',
  /** Fleet audits and the schedule ticks that start them, apart so that neither waits behind the evaluation backlog. */
  Audits = 'audits',
  /** Alerts between audits and every outgoing delivery, so a slow receiver never holds up evaluation or upkeep. */
  Alerts = 'alerts',
  /** Allocation-trace analyses: seconds of CPU each, so they never hold up evaluation. */
  Traces = 'traces',
}

export enum JobName {
  EvaluateReport = 'evaluate-report',
  ReevaluateHosts = 'reevaluate-hosts',
  SweepStrandedReports = 'sweep-stranded-reports',
  ExpireSilences = 'expire-silences',
  PruneHistory = 'prune-history',
  MaintainPartitions = 'maintain-partitions',
  RetireSilentHosts = 'retire-silent-hosts',
  RunAudit = 'run-audit',
  PruneAudits = 'prune-audits',
  SweepStrandedAudits = 'sweep-stranded-audits',
  DispatchAlerts = 'dispatch-alerts',
  DeliverMessage = 'deliver-message',
  RunScheduledAudit = 'run-scheduled-audit',
  AnalyzeTrace = 'analyze-trace',
  SweepStrandedTraces = 'sweep-stranded-traces',
}

/** The queue each job runs on. */
export const JOB_QUEUES: Record<JobName, QueueName> = {
  [JobName.EvaluateReport]: QueueName.Evaluation,
  [JobName.ReevaluateHosts]: QueueName.Evaluation,
  [JobName.SweepStrandedReports]: QueueName.Housekeeping,
  [JobName.ExpireSilences]: QueueName.Housekeeping,
  [JobName.PruneHistory]: QueueName.Housekeeping,
  [JobName.MaintainPartitions]: QueueName.Housekeeping,
  [JobName.RetireSilentHosts]: QueueName.Housekeeping,
  [JobName.RunAudit]: QueueName.Audits,
  [JobName.PruneAudits]: QueueName.Housekeeping,
  [JobName.SweepStrandedAudits]: QueueName.Housekeeping,
  [JobName.DispatchAlerts]: QueueName.Alerts,
  [JobName.DeliverMessage]: QueueName.Alerts,
  [JobName.RunScheduledAudit]: QueueName.Audits,
  [JobName.AnalyzeTrace]: QueueName.Traces,
  [JobName.SweepStrandedTraces]: QueueName.Housekeeping,
};

export interface EvaluateReportPayload {
  reportId: string;
  hostId: string;
  catalogueRevision: string;
  /** How many times an admin re-ran the report after it failed (reports.retries); absent: 0. */
  retry?: number;
}

export interface ReevaluateHostsPayload {
  runId: string;
  catalogueRevision: string;
  hostIds: string[];
}

/** Housekeeping jobs carry nothing: each run reads its limits (days, interval) from the running process's config. */
export type HousekeepingPayload = Record<string, never>;

export interface RunAuditPayload {
  auditId: string;
}

/** Sends one stored delivery (deliveries row) to its destination; the row holds the message and the attempts. */
export interface DeliverMessagePayload {
  deliveryId: string;
}

/** One alert batch: carries nothing, the watermark and the alert state are in PostgreSQL. */
export type DispatchAlertsPayload = Record<string, never>;

/** One tick of an audit schedule (a BullMQ job scheduler `audit-schedule-<id>`); the handler reads the schedule as stored. */
export interface RunScheduledAuditPayload {
  scheduleId: string;
}

/** Replays one uploaded allocation trace (traces row and its chunks) through every allocator model. */
export interface AnalyzeTracePayload {
  traceId: string;
}

export type JobItem =
  | { name: JobName.EvaluateReport; data: EvaluateReportPayload }
  | { name: JobName.ReevaluateHosts; data: ReevaluateHostsPayload }
  | { name: JobName.SweepStrandedReports; data: HousekeepingPayload }
  | { name: JobName.ExpireSilences; data: HousekeepingPayload }
  | { name: JobName.PruneHistory; data: HousekeepingPayload }
  | { name: JobName.MaintainPartitions; data: HousekeepingPayload }
  | { name: JobName.RetireSilentHosts; data: HousekeepingPayload }
  | { name: JobName.RunAudit; data: RunAuditPayload }
  | { name: JobName.PruneAudits; data: HousekeepingPayload }
  | { name: JobName.SweepStrandedAudits; data: HousekeepingPayload }
  | { name: JobName.DispatchAlerts; data: DispatchAlertsPayload }
  | { name: JobName.DeliverMessage; data: DeliverMessagePayload }
  | { name: JobName.RunScheduledAudit; data: RunScheduledAuditPayload }
  | { name: JobName.AnalyzeTrace; data: AnalyzeTracePayload }
  | { name: JobName.SweepStrandedTraces; data: HousekeepingPayload };

export type JobPayload<N extends JobName> = Extract<JobItem, { name: N }>['data'];

/**
 * Fixed job ids make enqueueing idempotent; the revision makes a re-evaluation after a rule change distinct,
 * and a re-run of a failed report gets a fresh id (the queue keeps the failed job under the old one).
 */
export function evaluateJobId(p: EvaluateReportPayload): string {
  return `${p.reportId}-evaluate-${p.catalogueRevision}${p.retry ? `-retry-${p.retry}` : ''}`;
}

/** One job per audit: enqueueing the same audit twice runs it once. */
export const auditJobId = (auditId: string): string => `audit-${auditId}`;
/** One job per delivery: adding it again (the dispatcher's sweep of deliveries whose job was lost) is a no-op while it waits. */
export const deliverJobId = (deliveryId: string): string => `deliver-${deliveryId}`;

/** One job per trace: the sweep's re-add of a trace whose job may be lost is a no-op while it waits. */
export const traceJobId = (traceId: string): string => `trace-${traceId}`;

export const AUDIT_SCHEDULER_PREFIX = 'audit-schedule-';
/** The job scheduler of one audit schedule: every process declaring it means the same schedule. */
export const auditSchedulerId = (scheduleId: string): string => `${AUDIT_SCHEDULER_PREFIX}${scheduleId}`;
