/**
 * Where a stored report is: awaiting evaluation, evaluated, failed after its last attempt, older than findings already
 * stored, or settled (it changed no rule input: no job ran, and the host's findings stand; counts as evaluated).
 */
export const REPORT_STATUSES = ['queued', 'evaluated', 'failed', 'superseded', 'settled'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What an API token may do: read; also acknowledge and preview; also administer. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
