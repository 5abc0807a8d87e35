import type { Report, RuleResult } from '@memfleet/contracts';
import { evaluateRule, thresholdsFor } from '../engine/evaluate';
import { buildFacts, type FactKey, type Facts, type HistorySample } from '../engine/facts';
import type { RuleDefinition } from '../engine/rule-definition';

/**
 * Runs one rule over a fixture as the engine would, except that the rule gets a projection holding only the
 * facts it declared, and reading any other fact throws (the engine hands every rule the whole object, typed
 * down, so only a spec catches a rule that escapes its type). Errors propagate instead of becoming a
 * not-evaluated result.
 */
export function runRule<I extends FactKey>(
  rule: RuleDefinition<I>,
  report: Report,
  opts: { history?: HistorySample[]; thresholds?: Record<string, number> } = {},
): RuleResult[] {
  return evaluateRule(rule, declaredFacts(rule, buildFacts(report, opts.history)), thresholdsFor(rule, opts.thresholds));
}

/** The facts `rule` declared, and nothing else: reading an undeclared key throws, naming it. */
export function declaredFacts<I extends FactKey>(rule: RuleDefinition<I>, facts: Facts): Pick<Facts, I> {
  const declared = new Set<string | symbol>(rule.inputs);
  const projection = Object.fromEntries(rule.inputs.map((k) => [k, facts[k]]));
  return new Proxy(projection, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !declared.has(key)) throw new Error(`${rule.id} read the fact "${key}", which it does not declare in inputs`);
      return Reflect.get(target, key, receiver);
    },
  }) as Pick<Facts, I>;
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
