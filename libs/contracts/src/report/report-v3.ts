import { configurationHash } from './configuration-hash';
import type { Report, ReportV3 } from './report.schema';

/**
 * A report as schema version 3 posts it: its configuration's hash, and the configuration itself unless
 * `withConfiguration` is false (the server said it holds that hash for the host). `hash` saves hashing again.
 */
export function toReportV3(report: Report, withConfiguration: boolean, hash = configurationHash(report.configuration)): ReportV3 {
  const { configuration, schemaVersion: _v, ...rest } = report;
  return { ...rest, schemaVersion: 3, configurationHash: hash, ...(withConfiguration ? { configuration } : {}) };
}
