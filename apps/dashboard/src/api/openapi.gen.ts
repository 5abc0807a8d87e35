// Generated from openapi.json by scripts/gen-dashboard-types.ts (npm run dashboard:types). Do not edit.

export interface AllocatorEntryDto {
  value: string | null;
  processes: number;
}

export interface CreatedTokenDto {
  role: "viewer" | "operator" | "admin";
  id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  token: string;
}

export interface CreateSilenceDto {
  /** The rule whose findings are acknowledged. */
  ruleId: string;
  /** Only this host (else every host, or those matching `labels`). */
  hostId?: string;
  /** Only hosts carrying all these labels. */
  labels?: Record<string, string>;
  /** Why, for whoever reads it later. */
  reason: string;
  /** When it ends (ISO 8601); give this or durationHours. */
  expiresAt?: string;
  /** How long it lasts (1 hour to 365 days). */
  durationHours?: number;
}

export interface CreateTokenDto {
  role: "viewer" | "operator" | "admin";
  /** Who or what uses it, e.g. "grafana" or "alice". */
  name: string;
}

export interface DistributionEntryDto {
  /** The fact's value; null: unknown. */
  value: string | number | null;
  hosts: number;
}

export interface DistributionsDto {
  thpEnabled: DistributionEntryDto[];
  overcommitMemory: DistributionEntryDto[];
  cpuOnlineCount: DistributionEntryDto[];
  hypervisor: DistributionEntryDto[];
  architecture: DistributionEntryDto[];
  allocator: AllocatorEntryDto[];
}

export interface EnrollRequestDto {
  /** The deployment's enroll secret (MEMFLEET_ENROLL_SECRET, or the one printed at first start). */
  enrollSecret: string;
  /** /etc/machine-id of the host. */
  machineId: string;
  /** DMI product UUID; tells apart clones that share a machine-id. */
  dmiProductUuid?: string | null;
  /** Display name only; identity is machineId + dmiProductUuid. */
  hostname: string;
  /** Labels from `--label k=v`. */
  labels?: Record<string, string>;
}

export interface EnrollResponseDto {
  /** The host this token is bound to. */
  hostId: string;
  /** Per-host agent token (shown once; the agent stores it with mode 0600). */
  agentToken: string;
}

export interface EventBucketDto {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  opened: SeverityCountsDto;
  resolved: number;
}

export interface EvidenceDto {
  value: number | string | boolean | null;
  key: string;
  label: string;
  unit: string;
}

export interface FieldErrorDto {
  /** JSON path, e.g. `configuration.processes[2].pid`. */
  path: string;
  reason: string;
}

export interface FindingCountsDto {
  critical: number;
  warning: number;
  info: number;
}

export interface FindingDto {
  outcome: "hit" | "pass" | "not-applicable" | "not-evaluated";
  severity: "critical" | "warning" | "info" | null;
  /** Thresholds the rule used for this result. */
  thresholds: Record<string, number>;
  id: string;
  hostId: string;
  hostname: string;
  ruleId: string;
  ruleVersion: number;
  /** Stable process key; empty for host-level rules. */
  subject: string;
  summary: string;
  evidence: EvidenceDto[];
  remediation: RemediationDto[];
  missing: MissingFactDto[];
  firstSeenAt: string;
  /** The last evaluation that produced this result; while a result stays the same it is refreshed at least hourly. */
  lastSeenAt: string;
  /** When the current hit began. */
  openedAt: string | null;
  resolvedAt: string | null;
  /** An active silence covers it: recorded, but left out of totals. */
  silenced: boolean;
}

export interface FindingEventsDto {
  days: number;
  buckets: EventBucketDto[];
}

export interface FindingPageDto {
  items: FindingDto[];
  nextCursor: string | null;
  total: number;
}

export interface FindingResultDto {
  outcome: "hit" | "pass" | "not-applicable" | "not-evaluated";
  severity: "critical" | "warning" | "info" | null;
  ruleId: string;
  ruleVersion: number;
  /** Stable process key; empty for host-level rules. */
  subject: string;
  summary: string;
  evidence: EvidenceDto[];
  remediation: RemediationDto[];
  missing?: MissingFactDto[];
  /** An active silence covers it. */
  silenced?: boolean;
}

export interface HistoryEntryDto {
  reportId: string;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  status: string;
  configHash: string;
}

export interface HostCountsDto {
  /** Hosts not retired. */
  total: number;
  /** Reported within two intervals. */
  reporting: number;
  /** Missed two intervals. */
  stale: number;
  retired: number;
}

export interface HostDetailDto {
  /** Configuration facts of the latest report (the report contract's `configuration`, in the current schema version). */
  configuration: Record<string, unknown> | null;
  /** Volatile metrics of the latest report (the report contract's `metrics`, in the current schema version). */
  latestMetrics: Record<string, unknown> | null;
  host: HostSummaryDto;
  configHash: string | null;
  latestReport: LatestReportDto | null;
  /** Every rule's latest result for this host, all outcomes. */
  findings: FindingDto[];
  /** Newest first, at most 50. */
  history: HistoryEntryDto[];
}

export interface HostPageDto {
  items: HostSummaryDto[];
  nextCursor: string | null;
  /** Hosts matching the filters, over all pages. */
  total: number;
}

export interface HostSummaryDto {
  id: string;
  hostname: string;
  machineId: string;
  labels: Record<string, string>;
  lastSeenAt: string | null;
  intervalSeconds: number;
  /** No report for two intervals. */
  stale: boolean;
  retiredAt: string | null;
  agentVersion: string | null;
  architecture: string | null;
  hypervisor: string | null;
  kernelRelease: string | null;
  thpEnabled: string | null;
  overcommitMemory: number | null;
  cpuOnlineCount: number | null;
  memTotalBytes: number | null;
  /** Active hits by severity (silenced ones excluded). */
  findingCounts: FindingCountsDto;
}

export interface LatestReportDto {
  id: string;
  sequence: number;
  collectedAt: string;
  status: string;
}

export interface MissingFactDto {
  fact: string;
  /** The agent capability or runtimes.d declaration that would supply it. */
  suppliedBy: string;
}

export interface ProblemDto {
  /** A URI naming the kind of problem, stable across versions. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path. */
  instance?: string;
  /** Matches the `reqId` of the server's log lines. */
  requestId?: string;
  /** Every failing field, for validation errors. */
  errors?: FieldErrorDto[];
  /** On an unknown schemaVersion. */
  supportedSchemaVersions?: number[];
}

export type ReadinessDto = Record<string, unknown>;

export interface ReevaluationDto {
  id: string;
  catalogueRevision: string;
  reason: string;
  /** Hosts to re-evaluate. */
  total: number;
  done: number;
  failed: number;
  createdAt: string;
  /** null while running. */
  finishedAt: string | null;
}

export interface RemediationDto {
  /** Stable across rule versions, e.g. `envoy.set-concurrency`. */
  key: string;
  title: string;
  /** Rendered with the host's own values. */
  text: string;
  commands?: string[];
  source?: string;
}

export interface ReportAcceptedDto {
  status: "queued" | "evaluated" | "failed" | "superseded";
  reportId: string;
  /** Whether the configuration part differed from the host's stored ones. */
  configurationChanged?: boolean;
  /** Present when status is evaluated. */
  findings?: FindingResultDto[];
}

export interface ReportDetailDto {
  status: "queued" | "evaluated" | "failed" | "superseded";
  id: string;
  hostId: string;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  attempts: number;
  error: string | null;
  evaluatedAt: string | null;
  catalogueRevision: string | null;
  configHash: string;
  /** The host's findings as of its latest evaluation (all outcomes). */
  findings: FindingResultDto[];
}

export interface ReportFactsDto {
  configuration: Record<string, unknown>;
  metrics: Record<string, unknown>;
  reportId: string;
  sequence: number;
  collectedAt: string;
}

export interface RuleDto {
  appliesTo: "host" | "process";
  id: string;
  version: number;
  title: string;
  explanation: string;
  severityLogic: string;
  facts: string[];
  sources: RuleSourceDto[];
  remediationKeys: string[];
  thresholds: RuleThresholdDto[];
  /** Hosts with an active hit, by severity. */
  hostsAffected: SeverityCountsDto;
}

export interface RuleListDto {
  items: RuleDto[];
  /** Changes whenever a rule or default threshold changes. */
  catalogueRevision: string;
}

export interface RuleSourceDto {
  title: string;
  url: string;
}

export interface RuleThresholdDto {
  name: string;
  default: number;
  /** In force: the admin's override, else the default. */
  value: number;
  unit: string;
  description: string;
}

export interface SeverityCountsDto {
  critical: number;
  warning: number;
  info: number;
}

export interface SilenceDto {
  labels: Record<string, string> | null;
  id: string;
  ruleId: string;
  hostId: string | null;
  reason: string;
  author: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
  /** Findings it currently covers. */
  findingsCovered: number;
}

export interface StartReevaluationDto {
  /** Why (kept with the run). */
  reason: string;
}

export interface SummaryDto {
  hosts: HostCountsDto;
  hostsWithCritical: number;
  hostsWithWarning: number;
  /** Active hits by severity. */
  findings: SeverityCountsDto;
  topRules: TopRuleDto[];
}

export interface ThresholdPreviewDto {
  /** The thresholds the preview applied. */
  thresholds: Record<string, number>;
  ruleId: string;
  hostsEvaluated: number;
  /** Hosts that have no hit now and would get one. */
  wouldOpen: number;
  /** Hosts that have a hit now and would not. */
  wouldClose: number;
  /** Hosts that keep a hit at another (highest) severity. */
  wouldChangeSeverity: number;
}

export interface ThresholdsSavedDto {
  thresholds: Record<string, number>;
  ruleId: string;
  /** The background re-evaluation that moves findings to the new values (GET /api/v1/reevaluations/:id). */
  reevaluationId: string;
}

export interface ThresholdValuesDto {
  /** Threshold name → new value; names and units as GET /api/v1/rules lists them. */
  values: Record<string, number>;
}

export interface TokenDto {
  role: "viewer" | "operator" | "admin";
  id: string;
  name: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface TopRuleDto {
  ruleId: string;
  title: string;
  /** Hosts with an active hit of this rule. */
  hosts: number;
  critical: number;
  warning: number;
  info: number;
}

export interface UpdateLabelsDto {
  /** Admin labels to set; a null value removes the admin label. Agent labels are overlaid by these. */
  labels: Record<string, unknown>;
}

export interface WhoAmIDto {
  kind: "api" | "agent";
  role: "viewer" | "operator" | "admin";
  name: string;
}
