import type { Report, RuleResult } from '@memfleet/contracts';

export type EvaluateReport = (report: Report, options?: { history?: Report[]; thresholds?: Record<string, number> }) => RuleResult[];

/** The server's rule catalogue, loaded when `check` runs (collect/run never need it). */
export function loadEvaluator(): EvaluateReport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = require('@memfleet/rules') as { evaluateReport: EvaluateReport };
  return rules.evaluateReport;
}
