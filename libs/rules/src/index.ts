import type { Report, RuleResult } from '@memfleet/contracts';
import { CATALOGUE } from './catalogue';
import { evaluateWith, type EvaluateOptions } from './engine/evaluate';
import type { FactKey } from './engine/facts';
import { defaultsOf, inputsOf, revisionOf } from './engine/registry';
import type { RuleDefinition } from './engine/rule-definition';
import { RuleTexts } from './engine/rule-text';

export type { HistorySample, Facts, FactKey, FactsOf, ProcessFacts } from './engine/facts';
export type { EvaluateOptions } from './engine/evaluate';
export type { RuleDefinition, RuleContext, RuleLogic, RuleOutput, ThresholdSpec, RuleSource } from './engine/rule-definition';
export type { RuleContentSpec } from './engine/rule-content';
export { buildFacts } from './engine/facts';
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
