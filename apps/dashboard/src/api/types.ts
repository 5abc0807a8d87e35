// Response shapes of the public /api/v1 endpoints (apps/api/src/**/dto/*.dto.ts).
import type { Configuration, Evidence, Metrics, MissingFact, Outcome, Remediation, Severity } from '@memfleet/contracts';

export type { Configuration, Evidence, Metrics, Outcome, Remediation, Severity };

export type Role = 'viewer' | 'operator' | 'admin';

export interface WhoAmI {
  kind: 'api' | 'agent';
  name: string;
  role: Role;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; reason: string }[];
}

export interface SeverityCounts {
  critical: number;
  warning: number;
  info: number;
}

export interface TopRule extends SeverityCounts {
  ruleId: string;
  title: string;
  hosts: number;
}

export interface Summary {
  hosts: { total: number; reporting: number; stale: number; retired: number };
  hostsWithCritical: number;
  hostsWithWarning: number;
  findings: SeverityCounts;
  topRules: TopRule[];
}

export interface EventBucket {
  day: string;
  opened: SeverityCounts;
  resolved: number;
}

export interface FindingEvents {
  days: number;
  buckets: EventBucket[];
}

export interface DistributionEntry {
  value: string | number | null;
  hosts: number;
}

export interface Distributions {
  thpEnabled: DistributionEntry[];
  overcommitMemory: DistributionEntry[];
  cpuOnlineCount: DistributionEntry[];
  hypervisor: DistributionEntry[];
  architecture: DistributionEntry[];
  allocator: { value: string | null; processes: number }[];
}

export interface HostSummary {
  id: string;
  hostname: string;
  machineId: string;
  labels: Record<string, string>;
  lastSeenAt: string | null;
  intervalSeconds: number;
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
  findingCounts: SeverityCounts;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface Finding {
  id: string;
  hostId: string;
  hostname: string;
  ruleId: string;
  ruleVersion: number;
  subject: string;
  outcome: Outcome;
  severity: Severity | null;
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  missing: MissingFact[];
  thresholds: Record<string, number>;
  firstSeenAt: string;
  lastSeenAt: string;
  openedAt: string | null;
  resolvedAt: string | null;
  silenced: boolean;
}

export interface HistoryEntry {
  reportId: string;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  status: string;
  configHash: string;
}

export interface HostDetail {
  host: HostSummary;
  configHash: string | null;
  configuration: Configuration | null;
  latestMetrics: Metrics | null;
  latestReport: { id: string; sequence: number; collectedAt: string; status: string } | null;
  findings: Finding[];
  history: HistoryEntry[];
}

export interface ReportFacts {
  reportId: string;
  sequence: number;
  collectedAt: string;
  configuration: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface RuleThreshold {
  name: string;
  default: number;
  value: number;
  unit: string;
  description: string;
}

export interface Rule {
  id: string;
  version: number;
  title: string;
  explanation: string;
  severityLogic: string;
  facts: string[];
  sources: { title: string; url: string }[];
  remediationKeys: string[];
  thresholds: RuleThreshold[];
  appliesTo: 'host' | 'process';
  hostsAffected: SeverityCounts;
}

export interface RuleList {
  items: Rule[];
  catalogueRevision: string;
}

export interface ThresholdPreview {
  ruleId: string;
  thresholds: Record<string, number>;
  hostsEvaluated: number;
  wouldOpen: number;
  wouldClose: number;
  wouldChangeSeverity: number;
}

export interface ThresholdsSaved {
  ruleId: string;
  thresholds: Record<string, number>;
  reevaluationId: string;
}

export interface Reevaluation {
  id: string;
  catalogueRevision: string;
  reason: string;
  total: number;
  done: number;
  failed: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface Silence {
  id: string;
  ruleId: string;
  hostId: string | null;
  labels: Record<string, string> | null;
  reason: string;
  author: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
  findingsCovered: number;
}

export interface CreateSilence {
  ruleId: string;
  hostId?: string;
  labels?: Record<string, string>;
  reason: string;
  durationHours?: number;
  expiresAt?: string;
}
