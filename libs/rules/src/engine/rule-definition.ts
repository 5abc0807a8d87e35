import type { Evidence, EvidenceUnit, MissingFact, Remediation, RuleResult, Severity } from '@memfleet/contracts';
import type { Facts, HistorySample } from './facts';
import type { RemediationTemplate } from './render';

export interface ThresholdSpec {
  name: string;
  default: number;
  unit: EvidenceUnit;
  description: string;
}

export interface RuleSource {
  title: string;
  url: string;
}

export interface RuleContext {
  facts: Facts;
  /** Earlier samples of the host, oldest first (bounded window). */
  history: readonly HistorySample[];
  /** Defaults overlaid by the fleet's overrides. */
  thresholds: Record<string, number>;
}

/** What a rule returns per subject; the engine adds rule id, version and thresholds. */
export type RuleOutput = Omit<RuleResult, 'ruleId' | 'ruleVersion' | 'thresholds'>;

export interface RuleDefinition {
  /** Stable, part of the API. */
  id: string;
  version: number;
  title: string;
  /** One paragraph; says where the underlying facts are unconfirmed. */
  explanation: string;
  severityLogic: string;
  /** Report facts the rule reads (contract paths). */
  facts: readonly string[];
  sources: readonly RuleSource[];
  /** Stable keys of the remediation steps the rule can return (the keys of `remediationTemplates`). */
  remediationKeys: readonly string[];
  /** The remediation content, with `{holes}` the rule fills from this host's values. */
  remediationTemplates: Readonly<Record<string, RemediationTemplate>>;
  /** When the other outcomes occur, in words (for docs and the rule page). */
  outcomes: { pass: string; notApplicable: string; notEvaluated: string };
  thresholds: readonly ThresholdSpec[];
  appliesTo: 'host' | 'process';
  evaluate(ctx: RuleContext): RuleOutput[];
}

export const hit = (subject: string, severity: Severity, summary: string, evidence: Evidence[], remediation: Remediation[]): RuleOutput => ({
  subject,
  outcome: 'hit',
  severity,
  summary,
  evidence,
  remediation,
});

export const pass = (subject: string, summary: string, evidence: Evidence[] = []): RuleOutput => ({ subject, outcome: 'pass', severity: null, summary, evidence, remediation: [] });

export const notApplicable = (summary: string, subject = ''): RuleOutput => ({ subject, outcome: 'not-applicable', severity: null, summary, evidence: [], remediation: [] });

export const notEvaluated = (subject: string, summary: string, missing: MissingFact[], evidence: Evidence[] = []): RuleOutput => ({
  subject,
  outcome: 'not-evaluated',
  severity: null,
  summary,
  evidence,
  remediation: [],
  missing,
});

export const ev = (key: string, label: string, value: Evidence['value'], unit: EvidenceUnit): Evidence => ({ key, label, value, unit });
