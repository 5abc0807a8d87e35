/** Every queue and job the system runs; no string literal elsewhere names one. */
export enum QueueName {
  Evaluation = 'evaluation',
}

export enum JobName {
  EvaluateReport = 'evaluate-report',
  ReevaluateHosts = 'reevaluate-hosts',
}

export interface EvaluateReportPayload {
  reportId: string;
  hostId: string;
  catalogueRevision: string;
}

export interface ReevaluateHostsPayload {
  runId: string;
  catalogueRevision: string;
  hostIds: string[];
}

export type JobItem =
  | { name: JobName.EvaluateReport; data: EvaluateReportPayload }
  | { name: JobName.ReevaluateHosts; data: ReevaluateHostsPayload };

/** Fixed job ids make enqueueing idempotent; the revision makes a re-evaluation after a rule change distinct. */
export function evaluateJobId(p: EvaluateReportPayload): string {
  return `${p.reportId}-evaluate-${p.catalogueRevision}`;
}
