import type { Metrics, ProcessMetrics } from '@memfleet/contracts';
import type { FactKey } from './facts';

/**
 * Where each fact comes from, for incremental evaluation: a report whose sources of a rule's inputs are unchanged
 * cannot change that rule's result. The configuration hash stands for every configuration-derived fact, so the
 * API can tell "nothing changed" from the hash and the metrics alone.
 */
export interface FactSource {
  /** Derived from the configuration. */
  configuration?: true;
  /** Built from this part of the metrics. */
  metric?: (m: Metrics) => unknown;
  /** Built from each process's metrics: which fields count is the rule's `metrics.process`. */
  processMetrics?: true;
  /** Changes on every report (the clock, earlier samples): rules that read it re-run on the history cadence. */
  clock?: true;
}

const config: FactSource = { configuration: true };

export const FACT_SOURCES: { readonly [K in FactKey]: FactSource } = {
  collectedAt: { clock: true },
  processMetrics: { processMetrics: true },
  history: { clock: true },
  memTotalBytes: config,
  swapTotalBytes: config,
  commitLimitBytes: { metric: (m) => m.commitLimitBytes ?? null },
  committedAsBytes: { metric: (m) => m.committedAsBytes ?? null },
  overcommitMemory: config,
  maxMapCount: config,
  thpEnabled: config,
  cpuPossible: config,
  cpuPresent: config,
  cpuOnline: config,
  onlineCount: config,
  userVaBits: config,
  qemuEmulated: config,
  kvmAccelerated: config,
  hostMemoryMaxBytes: config,
  hotplugEvents: { metric: (m) => m.cpuHotplug?.events ?? [] },
  hotplugWindow: {
    metric: (m) => (m.cpuHotplug ? { start: m.cpuHotplug.windowStartSecondsSinceBoot ?? null, end: m.cpuHotplug.windowEndSecondsSinceBoot ?? null } : null),
  },
  bootId: config,
  bootTimeEpochSeconds: config,
  // The agent's capabilities are not stored: evaluation of a stored report always sees none.
  capabilities: {},
  processes: { configuration: true, processMetrics: true },
  filesystems: { metric: (m) => m.filesystems },
  withRuntime: { configuration: true, processMetrics: true },
};

/** Every fact key, in declaration order. */
export const FACT_KEYS = Object.keys(FACT_SOURCES) as FactKey[];

/** Fields of one process's metrics a rule can read. */
export type ProcessMetricField = Exclude<keyof ProcessMetrics, 'subject'>;
export const PROCESS_METRIC_FIELDS: readonly ProcessMetricField[] = [
  'rssBytes',
  'threads',
  'arena64MiBCount',
  'allocatorStats',
  'aeronDir',
  'envoyAdmin',
  'pid',
  'startTimeSecondsSinceBoot',
];

/** Facts built from a part of the host's metrics (not per process). */
export type HostMetricFact = 'commitLimitBytes' | 'committedAsBytes' | 'hotplugEvents' | 'hotplugWindow' | 'filesystems';

/**
 * How a metric counts as a change of the rule's input:
 * - `'exact'`: any change re-runs the rule;
 * - `{ tolerance }`: numbers in it are compared on a log grid of ratio 1 + tolerance (see `quantise`): a move by more than
 *   the tolerance always re-runs the rule, a smaller one may not; the result is refreshed on the history cadence anyway;
 * - `'evidence'`: shown in the evidence only, never deciding the outcome: refreshed on the history cadence;
 * - `{ only }`: only these members of the fact are read, exactly.
 */
export type MetricReading = 'exact' | 'evidence' | { tolerance: number } | { only: readonly string[] };

/** What a rule reads of the metrics behind its inputs; omitted: every field, exactly. */
export interface MetricReadings {
  /** Fields of each process's metrics it reads through processes, withRuntime or processMetrics; a field left out is not read. */
  process?: Partial<Record<ProcessMetricField, MetricReading>>;
  /** Host-level metric facts it reads other than exactly. */
  host?: Partial<Record<HostMetricFact, MetricReading>>;
}
