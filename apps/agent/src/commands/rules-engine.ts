import type { Report, RuleResult } from '@memfleet/contracts';
import { catalogueRevision, evaluateReport } from '@memfleet/rules';

/** Evaluates a report; `thresholds` (rule id → name → value) override the catalogue's defaults. */
export type EvaluateReport = (report: Report, thresholds?: Record<string, Record<string, number>>) => RuleResult[];

/** The server's rule catalogue, evaluated locally by `check` (the same code the workers run). */
export function loadEvaluator(): EvaluateReport {
  return (report, thresholds) => evaluateReport(report, { thresholds });
}

/** The revision of the catalogue this agent carries. */
export const localCatalogueRevision = (): string => catalogueRevision;
