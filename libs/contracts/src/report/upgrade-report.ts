import type { Configuration } from './configuration.schema';
import type { Metrics } from './metrics.schema';
import type { Report, ReportV1 } from './report.schema';

type AnyConfiguration = ReportV1['configuration'] | Configuration;
type AnyMetrics = ReportV1['metrics'] | Metrics;

/**
 * Configuration and metrics in version 2's shape: each process's pid and start time move from its
 * configuration to its metrics entry (matched by subject; a process without one gets one with only
 * those facts). The one upgrade path: ingest applies it to version 1 reports, and a migration applied it
 * to the rows stored before version 2 (migrations/1764061200000-ProcessIdsInMetrics.ts).
 */
export function upgradeFactsV1(configuration: AnyConfiguration, metrics: AnyMetrics): { configuration: Configuration; metrics: Metrics } {
  // Idempotent: a document already in the current shape is returned as it is.
  if (!configuration.processes.some((p) => 'pid' in p || 'startTimeSecondsSinceBoot' in p))
    return { configuration, metrics } as { configuration: Configuration; metrics: Metrics };
  const moved = new Map<string, { pid: number | null; startTimeSecondsSinceBoot: number | null }>();
  const processes = configuration.processes.map((p) => {
    const { pid, startTimeSecondsSinceBoot, ...config } = p as ReportV1['configuration']['processes'][number];
    if (pid != null || startTimeSecondsSinceBoot != null)
      moved.set(p.subject, { pid: pid ?? null, startTimeSecondsSinceBoot: startTimeSecondsSinceBoot ?? null });
    return config;
  });
  const processMetrics = metrics.processes.map((m) => {
    const ids = moved.get(m.subject);
    if (!ids) return m;
    moved.delete(m.subject);
    return { ...m, ...ids };
  });
  for (const [subject, ids] of moved) processMetrics.push({ subject, ...ids });
  return { configuration: { ...configuration, processes }, metrics: { ...metrics, processes: processMetrics } };
}

/** A version 1 report (or one already current) in version 2's shape. */
export function upgradeReportV1(r: ReportV1 | Report): Report {
  return { ...r, schemaVersion: 2, ...upgradeFactsV1(r.configuration, r.metrics) };
}
