import type { Report, RuleResult } from '@memfleet/contracts';
import { evaluateReport } from '@memfleet/rules';

export type EvaluateReport = (report: Report) => RuleResult[];

/** The server's rule catalogue, evaluated locally by `check` (the same code the workers run). */
export function loadEvaluator(): EvaluateReport {
  return (report) => evaluateReport(report);
}
