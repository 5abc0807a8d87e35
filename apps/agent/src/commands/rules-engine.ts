import type { Report, RuleResult } from '@memfleet/contracts';

export type EvaluateReport = (report: Report, options?: { history?: Report[]; thresholds?: Record<string, number> }) => RuleResult[];

/** The server's rule catalogue, loaded when `check` runs (collect/run never need it). */
export function loadEvaluator(): EvaluateReport {
  let rules: { evaluateReport: EvaluateReport };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    rules = require('@memfleet/rules') as { evaluateReport: EvaluateReport };
  } catch (err) {
    throw new Error(`the rule catalogue (@memfleet/rules) is not part of this build: ${(err as Error).message.split('\n')[0]}`);
  }
  return rules.evaluateReport;
}
