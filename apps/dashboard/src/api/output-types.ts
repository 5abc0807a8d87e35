// Shapes of the audit, schedule, destination and activity endpoints, written by hand from the shared
// API shapes until those endpoints are in openapi.json; then these become aliases of openapi.gen.ts.
// The stored audit itself is the contract's AuditSummary.
import type { AuditFormat, AuditStatus, AuditSummary } from '@memfleet/contracts';

export type { AuditFormat, AuditStatus, AuditSummary };
/** The contract's AUDIT_FORMATS; repeated as a value so the bundle does not pull in TypeBox. */
export const AUDIT_FORMATS: readonly AuditFormat[] = ['json', 'csv', 'html', 'pdf'];

export type LabelScope = Record<string, string>;

export interface AuditTotals {
  critical: number;
  warning: number;
  info: number;
  silenced: number;
  hosts: number;
}

export interface AuditItem {
  id: string;
  status: AuditStatus;
  trigger: 'manual' | 'schedule';
  scheduleId: string | null;
  requestedBy: string;
  scope: LabelScope;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { step: string; done: number; total: number };
  error: string | null;
  totals: AuditTotals | null;
}

export type AuditDetail = AuditItem & { summary: AuditSummary | null };

export interface AuditStarted {
  id: string;
  status: AuditStatus;
}

export interface AuditSchedule {
  id: string;
  name: string;
  cron: string;
  timeZone: string;
  scope: LabelScope;
  formats: AuditFormat[];
  destinationIds: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  nextRunAt: string | null;
}

export type AuditScheduleInput = Pick<AuditSchedule, 'name' | 'cron' | 'timeZone' | 'scope' | 'formats' | 'destinationIds' | 'enabled'>;

export const DESTINATION_TYPES = ['webhook', 'slack', 'alertmanager', 'email'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export interface Destination {
  id: string;
  name: string;
  type: DestinationType;
  url: string | null;
  to: string[] | null;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The POST answer: `secret` only when the server generated one, shown once. */
export type DestinationCreated = Destination & { secret?: string };

export interface DestinationInput {
  name: string;
  /** Only when creating: the type stays. */
  type?: DestinationType;
  url?: string;
  to?: string[];
  secret?: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'retrying', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  destinationId: string;
  kind: 'alert' | 'audit' | 'test';
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  summary: string;
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: string;
  /** The actor's role when it acted. */
  actorRole?: 'viewer' | 'operator' | 'admin' | 'agent';
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** The dotted actions the activity log records, for the filter's suggestions. */
export const ACTIVITY_ACTIONS = [
  'silence.created',
  'silence.revoked',
  'thresholds.changed',
  'token.created',
  'token.revoked',
  'enroll-secret.created',
  'enroll-secret.revoked',
  'agent-token.revoked',
  're-enroll-grant.created',
  'host.labels-changed',
  'host.deleted',
  'audit-schedule.created',
  'audit-schedule.updated',
  'audit-schedule.deleted',
  'destination.created',
  'destination.updated',
  'destination.deleted',
  'destination.tested',
  'audit.run',
  'reevaluation.started',
  'report.retried',
] as const;
