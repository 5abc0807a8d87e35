import type { Evidence, EvidenceUnit, MissingFact, Remediation, RuleResult, Severity } from '@memfleet/contracts';
import type { FactKey, Facts } from './facts';
import type { MetricReadings } from './inputs';
import type { RemediationTemplate } from './render';
import type { RuleContentSpec, RuleSource } from './rule-content';

export type { RuleSource } from './rule-content';

export interface ThresholdSpec {
  name: string;
  default: number;
  unit: EvidenceUnit;
  description: string;
}

/** A threshold as the rule's logic declares it; its description is content. */
export interface ThresholdLogic<T extends string = string> {
  name: T;
  default: number;
  unit: EvidenceUnit;
}

export interface RuleContext<I extends FactKey = FactKey, T extends string = string> {
  /** Only the facts the rule declared in `inputs` (the engine hands every rule the same object, typed down). */
  facts: Pick<Facts, I>;
  /** Defaults overlaid by the fleet's overrides. */
  thresholds: Readonly<Record<T, number>>;
}

/** What a rule returns per subject; the engine adds rule id, version and thresholds. */
export type RuleOutput = Omit<RuleResult, 'ruleId' | 'ruleVersion' | 'thresholds'>;

/** What `<id>.rule.ts` declares: the rule's logic, with no prose. */
export interface RuleLogic<I extends FactKey, T extends string> {
  /** Stable, part of the API. */
  id: string;
  /** Bump when the logic changes: findings record it, and a new catalogue revision re-evaluates every host. */
  version: number;
  /** The facts `evaluate` reads; it is handed only these, and reading another one does not compile. */
  inputs: readonly I[];
  /** What of the metrics behind `inputs` decides the result (incremental evaluation, engine/inputs.ts); omitted: all of it, exactly. */
  metrics?: MetricReadings;
  /**
   * The runtime kinds the rule judges: on a host with no process of one of them the rule is not applicable whatever
   * the metrics say, so the inputs digest leaves its metrics out there (catalogue.spec.ts holds every rule to it).
   */
  onlyWithRuntimes?: readonly string[];
  thresholds: readonly ThresholdLogic<T>[];
  appliesTo: 'host' | 'process';
  evaluate(ctx: RuleContext<I, T>): RuleOutput[];
}

/** A rule as the engine, the API and the docs see it: its logic joined with its content. */
export interface RuleDefinition<I extends FactKey = FactKey> {
  id: string;
  version: number;
  /** The fact keys the rule declared; evaluation hands it only these. */
  inputs: readonly I[];
  /** What of the metrics behind `inputs` decides the result; omitted: all of it, exactly. */
  metrics?: MetricReadings;
  /** Not applicable on a host without a process of one of these runtime kinds, whatever its metrics. */
  onlyWithRuntimes?: readonly string[];
  title: string;
  explanation: string;
  severityLogic: string;
  /** Report facts the rule reads (contract paths). */
  facts: readonly string[];
  sources: readonly RuleSource[];
  /** Stable keys of the remediation steps the rule can return (the keys of `remediationTemplates`). */
  remediationKeys: readonly string[];
  /** The remediation content, with `{holes}` the rule fills from this host's values. */
  remediationTemplates: Readonly<Record<string, RemediationTemplate>>;
  outcomes: { pass: string; notApplicable: string; notEvaluated: string };
  thresholds: readonly ThresholdSpec[];
  appliesTo: 'host' | 'process';
  evaluate(ctx: RuleContext<I>): RuleOutput[];
}

/**
 * Joins a rule's logic (`<id>.rule.ts`) with its content (`<id>.content.ts`). `inputs` fixes the type of the
 * facts `evaluate` receives, and the content must describe every threshold the logic declares.
 */
export function defineRule<const I extends FactKey, const T extends string = never>(
  content: RuleContentSpec & { thresholds: Readonly<Record<NoInfer<T>, string>> },
  logic: RuleLogic<I, T>,
): RuleDefinition<I> {
  const descriptions: Readonly<Record<string, string>> = content.thresholds;
  return {
    id: logic.id,
    version: logic.version,
    inputs: logic.inputs,
    metrics: logic.metrics,
    onlyWithRuntimes: logic.onlyWithRuntimes,
    title: content.title,
    explanation: content.explanation,
    severityLogic: content.severityLogic,
    facts: content.facts,
    sources: content.sources,
    remediationKeys: content.remediation.keys,
    remediationTemplates: content.remediation.templates,
    outcomes: content.outcomes,
    thresholds: logic.thresholds.map((t) => ({ name: t.name, default: t.default, unit: t.unit, description: descriptions[t.name] })),
    appliesTo: logic.appliesTo,
    evaluate: logic.evaluate,
  };
}

export const hit = (subject: string, severity: Severity, summary: string, evidence: Evidence[], remediation: Remediation[]): RuleOutput => ({
  subject,
  outcome: 'hit',
  severity,
  summary,
  evidence,
  remediation,
});

export const pass = (subject: string, summary: string, evidence: Evidence[] = []): RuleOutput => ({
  subject,
  outcome: 'pass',
  severity: null,
  summary,
  evidence,
  remediation: [],
});

export const notApplicable = (summary: string, subject = ''): RuleOutput => ({
  subject,
  outcome: 'not-applicable',
  severity: null,
  summary,
  evidence: [],
  remediation: [],
});

export const notEvaluated = (subject: string, summary: string, missing: MissingFact[], evidence: Evidence[] = []): RuleOutput => ({
  subject,
  outcome: 'not-evaluated',
  severity: null,
  summary,
  evidence,
  remediation: [],
  missing,
});
