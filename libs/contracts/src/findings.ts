/** The four outcomes are kept apart everywhere: API, dashboard, audits. */
export const OUTCOMES = ['hit', 'pass', 'not-applicable', 'not-evaluated'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export type EvidenceUnit = 'bytes' | 'count' | 'cpus' | 'seconds' | 'ratio' | 'bits' | 'percent' | 'bytes/s' | 'flag' | 'text';

/** One number or setting a rule compared. */
export interface Evidence {
  key: string;
  label: string;
  value: number | string | boolean | null;
  unit: EvidenceUnit;
}

export interface Remediation {
  /** Stable across versions, e.g. `envoy.set-concurrency`; audits rank fixes by it. */
  key: string;
  title: string;
  /** Rendered with the host's own values. */
  text: string;
  commands?: string[];
  source?: string;
}

export interface MissingFact {
  fact: string;
  /** What would supply it: an agent capability or a runtimes.d declaration. */
  suppliedBy: string;
}

/** What a rule returns for one subject. */
export interface RuleResult {
  ruleId: string;
  ruleVersion: number;
  /** Stable process key, or '' for host-level rules. */
  subject: string;
  outcome: Outcome;
  severity: Severity | null;
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  missing?: MissingFact[];
  thresholds?: Record<string, number>;
}
