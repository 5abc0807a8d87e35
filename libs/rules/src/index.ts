import type { Metrics, Report, RuleResult } from '@memfleet/contracts';
import { CATALOGUE } from './catalogue';
import { evaluateWith, type EvaluateOptions } from './engine/evaluate';
import type { FactKey } from './engine/facts';
import { defaultsOf, inputsOf, revisionOf } from './engine/registry';
import { inputsDigestOf, ruleInputDigestsOf } from './engine/inputs-digest';
import type { RuleDefinition } from './engine/rule-definition';
import { RuleTexts } from './engine/rule-text';

export type { HistorySample, Facts, FactKey, FactsOf, ProcessFacts } from './engine/facts';
export type { EvaluateOptions } from './engine/evaluate';
export type { RuleDefinition, RuleContext, RuleLogic, RuleOutput, ThresholdSpec, RuleSource } from './engine/rule-definition';
export type { RuleContentSpec } from './engine/rule-content';
export { buildFacts } from './engine/facts';
export { FACT_KEYS, FACT_SOURCES, PROCESS_METRIC_FIELDS } from './engine/inputs';
export type { FactSource, MetricReading, MetricReadings, ProcessMetricField, HostMetricFact } from './engine/inputs';
export { isPeriodic, planRun, quantise, runtimeKindsOf, type RunPlan } from './engine/inputs-digest';
export { describeThresholdChange, thresholdValue, type RenderedRuleTexts, type ThresholdValues } from './engine/rule-text';

export const catalogue: readonly RuleDefinition[] = CATALOGUE;
export const catalogueRevision: string = revisionOf(CATALOGUE);
/** Explanations and severity logic with threshold holes, checked here as the catalogue loads; render with the values in force. */
export const ruleTexts = new RuleTexts(CATALOGUE);

const byId = new Map(CATALOGUE.map((r) => [r.id, r]));
export function ruleById(id: string): RuleDefinition | undefined {
  return byId.get(id);
}

/** Rule id → the facts it reads (its declared inputs). */
export function ruleInputs(): Record<string, readonly FactKey[]> {
  return inputsOf(CATALOGUE);
}

export function defaultThresholds(): Record<string, Record<string, number>> {
  return defaultsOf(CATALOGUE);
}

/** Every rule over one report (and, for history-aware rules, the host's earlier samples). */
export function evaluateReport(report: Report, options?: EvaluateOptions): RuleResult[] {
  return evaluateWith(CATALOGUE, report, options);
}

/**
 * The host-level inputs digest of a report (incremental evaluation): equal to the one its host was last evaluated
 * under (same thresholds and silences) ⇒ no rule can see anything new. Needs only the configuration hash, the metrics and
 * the agent's labels (the labels a report carries).
 */
export function inputsDigest(input: {
  configurationHash: string;
  metrics: Metrics;
  labels: Readonly<Record<string, string>>;
  runtimeKinds?: ReadonlySet<string>;
}): string {
  return inputsDigestOf(CATALOGUE, input);
}

/** Per rule, a digest of everything its result depends on (the worker runs only the rules whose digest moved). */
export function ruleInputDigests(report: Report): Record<string, string> {
  return ruleInputDigestsOf(CATALOGUE, report);
}
