import type { Report, RuleResult } from '@memfleet/contracts';
import { CATALOGUE } from './catalogue';
import { evaluateWith, type EvaluateOptions } from './engine/evaluate';
import { defaultsOf, revisionOf } from './engine/registry';
import type { RuleDefinition } from './engine/rule-definition';

export type { HistorySample, Facts, ProcessFacts } from './engine/facts';
export type { EvaluateOptions } from './engine/evaluate';
export type { RuleDefinition, RuleContext, RuleOutput, ThresholdSpec, RuleSource } from './engine/rule-definition';
export { buildFacts } from './engine/facts';

export const catalogue: readonly RuleDefinition[] = CATALOGUE;
export const catalogueRevision: string = revisionOf(CATALOGUE);

const byId = new Map(CATALOGUE.map((r) => [r.id, r]));
export function ruleById(id: string): RuleDefinition | undefined {
  return byId.get(id);
}

export function defaultThresholds(): Record<string, Record<string, number>> {
  return defaultsOf(CATALOGUE);
}

/** Every rule over one report (and, for history-aware rules, the host's earlier samples). */
export function evaluateReport(report: Report, options?: EvaluateOptions): RuleResult[] {
  return evaluateWith(CATALOGUE, report, options);
}
