import type { Report, RuleResult } from '@memfleet/contracts';
import { evaluateWith } from '../engine/evaluate';
import type { HistorySample } from '../engine/facts';
import type { RuleDefinition } from '../engine/rule-definition';

/** Runs one rule over a fixture, as the engine would. */
export function runRule(rule: RuleDefinition, report: Report, opts: { history?: HistorySample[]; thresholds?: Record<string, number> } = {}): RuleResult[] {
  return evaluateWith([rule], report, { history: opts.history, thresholds: opts.thresholds ? { [rule.id]: opts.thresholds } : undefined });
}

/** The single result of a one-subject fixture. */
export function only(results: RuleResult[]): RuleResult {
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}: ${JSON.stringify(results.map((r) => [r.subject, r.outcome]))}`);
  return results[0];
}

export function remediationText(r: RuleResult, key: string): string {
  const step = r.remediation.find((s) => s.key === key);
  if (!step) throw new Error(`no remediation ${key} in ${r.remediation.map((s) => s.key).join(', ')}`);
  return `${step.title}\n${step.text}\n${(step.commands ?? []).join('\n')}`;
}
