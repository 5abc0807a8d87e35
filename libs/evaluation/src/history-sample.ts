import type { Metrics, Report } from '@memfleet/contracts';

/**
 * What history-aware rules read of an earlier report: each process's RSS, the CPU hot-plug record and
 * the online CPU set. Stored beside each report at ingest, so loading a host's history reads a few
 * hundred bytes per sample instead of the whole metrics and configuration documents.
 */
export interface StoredSample {
  // Absent facts are stored as null, as the trim of an older report's JSON gives them.
  metrics: { cpuHotplug: Metrics['cpuHotplug'] | null; processes: { subject: string; rssBytes: number | null }[] };
  cpuOnline: string | null;
}

export function historySampleOf(report: Report): StoredSample {
  return {
    metrics: {
      processes: report.metrics.processes.map((p) => ({ subject: p.subject, rssBytes: p.rssBytes ?? null })),
      cpuHotplug: report.metrics.cpuHotplug ?? null,
    },
    cpuOnline: report.configuration.cpu.online ?? null,
  };
}
