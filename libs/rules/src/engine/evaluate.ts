import type { Report, RuleResult } from '@memfleet/contracts';
import { buildFacts, type HistorySample } from './facts';
import type { RuleDefinition } from './rule-definition';

export interface EvaluateOptions {
  history?: HistorySample[];
  /** ruleId → threshold name → value; overrides the rule's defaults. */
  thresholds?: Record<string, Record<string, number>>;
  /** Only these rules. */
  ruleIds?: string[];
}

/** Runs rules over one report: facts built once, every rule's results per subject, stamped with id, version and thresholds used. */
export function evaluateWith(rules: readonly RuleDefinition[], report: Report, options: EvaluateOptions = {}): RuleResult[] {
  const facts = buildFacts(report);
  const history = options.history ?? [];
  const out: RuleResult[] = [];
  for (const rule of rules) {
    if (options.ruleIds && !options.ruleIds.includes(rule.id)) continue;
    const overrides = options.thresholds?.[rule.id];
    const thresholds: Record<string, number> = {};
    for (const t of rule.thresholds) thresholds[t.name] = overrides?.[t.name] ?? t.default;
    for (const r of rule.evaluate({ facts, history, thresholds })) {
      out.push({ ruleId: rule.id, ruleVersion: rule.version, thresholds, ...r });
    }
  }
  return out;
}
