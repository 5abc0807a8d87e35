/**
 * Actions the activity log records, dotted `<target>.<verb>`. Listed once so the API can refuse an
 * unknown `action` filter and the dashboard can offer the choices.
 */
export const ACTIVITY_ACTIONS = [
  'silence.created',
  'silence.revoked',
  'thresholds.changed',
  'token.created',
  'token.revoked',
  'session.revoked',
  'enroll-secret.created',
  'enroll-secret.revoked',
  'agent-token.revoked',
  're-enroll-grant.created',
  'host.labels-changed',
  'host.deleted',
  'host.retired',
  'reevaluation.started',
  'report.retried',
  'audit-schedule.created',
  'audit-schedule.updated',
  'audit-schedule.deleted',
  'destination.created',
  'destination.updated',
  'destination.deleted',
  'destination.tested',
  'audit.run',
  'trace.uploaded',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** What an activity entry is about (its `targetType`). */
export const ACTIVITY_TARGET_TYPES = [
  'silence',
  'rule',
  'token',
  'session',
  'enroll-secret',
  'agent-token',
  'host',
  'reevaluation',
  'report',
  'audit-schedule',
  'destination',
  'audit',
  'trace',
] as const;
export type ActivityTargetType = (typeof ACTIVITY_TARGET_TYPES)[number];
