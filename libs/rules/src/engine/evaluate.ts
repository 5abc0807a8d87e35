import type { Report, RuleResult } from '@memfleet/contracts';
import { buildFacts, type FactKey, type Facts, type HistorySample } from './facts';
import type { RuleDefinition } from './rule-definition';

export interface EvaluateOptions {
  /** The host's earlier samples, oldest first, for history-aware rules. */
  history?: HistorySample[];
  /** ruleId → threshold name → value; overrides the rule's defaults. Unknown names are ignored. */
  thresholds?: Record<string, Record<string, number>>;
  /** Only these rules. */
  ruleIds?: string[];
}

// Defaults per rule, built once; shared (frozen) by every result that uses no override.
const defaultsCache = new WeakMap<RuleDefinition, Readonly<Record<string, number>>>();

export function thresholdsFor(rule: RuleDefinition, overrides: Record<string, number> | undefined): Record<string, number> {
  let defaults = defaultsCache.get(rule);
  if (!defaults) {
    defaults = Object.freeze(Object.fromEntries(rule.thresholds.map((t) => [t.name, t.default])));
    defaultsCache.set(rule, defaults);
  }
  if (!overrides) return defaults;
  const out: Record<string, number> = {};
  for (const t of rule.thresholds) {
    const v = overrides[t.name];
    out[t.name] = typeof v === 'number' && Number.isFinite(v) ? v : t.default;
  }
  return out;
}

/**
 * Runs rules over one report: facts built once, every rule's results per subject, stamped with id, version
 * and the thresholds used. A rule that throws yields one host-level not-evaluated result naming the error,
 * so one faulty rule cannot hide the others' findings.
 */
export function evaluateWith(rules: readonly RuleDefinition[], report: Report, options: EvaluateOptions = {}): RuleResult[] {
  // One facts object for every rule: each rule's type sees only its declared inputs, at no cost per rule.
  // A stored report that does not have the contract's shape (written before a bound existed, or by
  // hand) leaves every rule not-evaluated rather than failing the evaluation or a preview.
  let facts: Facts | null = null;
  let unreadable = '';
  try {
    facts = buildFacts(report, options.history);
  } catch (err) {
    unreadable = `The report's facts could not be read: ${err instanceof Error ? err.message : String(err)}`;
  }
  const only = options.ruleIds ? new Set(options.ruleIds) : null;
  const out: RuleResult[] = [];
  for (const rule of rules) {
    if (only && !only.has(rule.id)) continue;
    const thresholds = thresholdsFor(rule, options.thresholds?.[rule.id]);
    if (!facts) {
      out.push(failed(rule, thresholds, unreadable));
      continue;
    }
    try {
      evaluateRule(rule, facts, thresholds, out);
    } catch (err) {
      out.push(failed(rule, thresholds, `The rule failed on this report: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  return out;
}

function failed(rule: RuleDefinition, thresholds: Readonly<Record<string, number>>, summary: string): RuleResult {
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    thresholds,
    subject: '',
    outcome: 'not-evaluated',
    severity: null,
    summary,
    evidence: [],
    remediation: [],
    missing: [],
  };
}

/** One rule over facts already built: its results, stamped, appended to `out`. Throws what the rule throws. */
export function evaluateRule<I extends FactKey>(
  rule: RuleDefinition<I>,
  facts: Pick<Facts, I>,
  thresholds: Readonly<Record<string, number>>,
  out: RuleResult[] = [],
): RuleResult[] {
  const results = rule.evaluate({ facts, thresholds });
  for (const r of results) out.push({ ruleId: rule.id, ruleVersion: rule.version, thresholds, ...r });
  return out;
}
