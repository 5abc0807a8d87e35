import type { Configuration, Metrics, MetricsOnlyReport, Report } from '@memfleet/contracts';

/**
 * What history-aware rules read of an earlier report (`metrics`, `cpuOnline`: each process's RSS, the CPU
 * hot-plug record, the online CPU set) and what the host's charts draw (`host`, `aeron`). Stored beside each
 * report at ingest, so loading a host's history reads a few hundred bytes per sample instead of the whole
 * metrics and configuration documents. Rules see only `metrics` and `cpuOnline` (HISTORY_SUBQUERY).
 */
export interface StoredSample {
  // Absent facts are stored as null, as the trim of an older report's JSON gives them.
  metrics: { cpuHotplug: Metrics['cpuHotplug'] | null; processes: { subject: string; rssBytes: number | null }[] };
  cpuOnline: string | null;
  /** Host-wide chart series; absent from samples stored before they were kept. */
  host?: SampledHostSeries;
  /** Usable bytes (f_bavail) of each process's aeron.dir as the process sees it; absent as `host`. */
  aeron?: { subject: string; availableBytes: number | null }[];
}

export interface SampledHostSeries {
  memAvailableBytes: number | null;
  committedAsBytes: number | null;
  commitLimitBytes: number | null;
  /** f_bavail of /dev/shm: what an unprivileged writer can still use. */
  shmAvailableBytes: number | null;
}

const SHM_MOUNT = '/dev/shm';

export function historySampleOf(report: Report): StoredSample {
  return sampleOf(report.metrics, report.configuration.cpu.online ?? null);
}

function sampleOf(metrics: Metrics, cpuOnline: string | null): StoredSample {
  return {
    metrics: {
      processes: metrics.processes.map((p) => ({ subject: p.subject, rssBytes: p.rssBytes ?? null })),
      cpuHotplug: metrics.cpuHotplug ?? null,
    },
    cpuOnline,
    host: {
      memAvailableBytes: metrics.memAvailableBytes ?? null,
      committedAsBytes: metrics.committedAsBytes ?? null,
      commitLimitBytes: metrics.commitLimitBytes ?? null,
      shmAvailableBytes: metrics.filesystems.find((f) => f.mountPoint === SHM_MOUNT)?.availableBytes ?? null,
    },
    aeron: metrics.processes.flatMap((p) => (p.aeronDir ? [{ subject: p.subject, availableBytes: p.aeronDir.usage?.availableBytes ?? null }] : [])),
  };
}

/** Facts copied onto the host row so fleet filters and distributions never read the JSON. */
export function denormalisedHostFacts(r: Report) {
  return denormalisedFactsOf(r.configuration);
}

function denormalisedFactsOf(c: Configuration) {
  return {
    architecture: c.host.architecture ?? null,
    hypervisor: c.virtualization.hypervisor ?? null,
    kernelRelease: c.host.kernelRelease ?? null,
    thpEnabled: c.thp.enabled ?? null,
    overcommitMemory: c.vm.overcommitMemory ?? null,
    cpuOnlineCount: c.cpu.onlineCount ?? null,
    memTotalBytes: c.memory.memTotalBytes ?? null,
    allocatorCounts: allocatorCountsOf(c),
  };
}

/**
 * What a report's row takes from its configuration besides the configuration itself. A metrics-only
 * report (schema version 3) gets them from the configuration the server holds under its hash.
 */
export interface ConfigurationFacts extends ReturnType<typeof denormalisedFactsOf> {
  hostname: string;
  cpuOnline: string | null;
}

export function configurationFactsOf(c: Configuration): ConfigurationFacts {
  return { hostname: c.host.hostname, cpuOnline: c.cpu.online ?? null, ...denormalisedFactsOf(c) };
}

/** Running processes per allocator ('unknown' when the agent could not tell): hosts.allocator_counts. */
export function allocatorCounts(r: Report): Record<string, number> {
  return allocatorCountsOf(r.configuration);
}

function allocatorCountsOf(c: Configuration): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of c.processes) {
    if (p.state !== 'running') continue;
    const a = p.allocator ?? 'unknown';
    counts[a] = (counts[a] ?? 0) + 1;
  }
  return counts;
}

/** One report as a row of the ingest batch statement's input; the batch travels as one JSON parameter. */
export interface IngestRow {
  host_id: string;
  config_hash: string;
  /** null when the host's stored configuration has this hash: its JSON need not travel. */
  configuration: unknown;
  sequence: number;
  collected_at: string;
  schema_version: number;
  agent_version: string;
  idempotency_key: string | null;
  metrics: unknown;
  sample: StoredSample;
  collection_errors: unknown;
  hostname: string;
  labels: Record<string, string>;
  interval_seconds: number;
  architecture: string | null;
  hypervisor: string | null;
  kernel_release: string | null;
  thp_enabled: string | null;
  overcommit_memory: number | null;
  cpu_online_count: number | null;
  mem_total_bytes: number | null;
  allocator_counts: Record<string, number>;
  /** The agent's instance (its state directory); null for agents that do not send one. */
  instance_id: string | null;
  /** Hash of the body as sent, kept with an Idempotency-Key so a reuse with another body is told apart from a replay. */
  payload_hash: string | null;
  /** The report's inputs digest (@memfleet/rules inputsDigest): equal to its host's last evaluated one, it is settled without a job. */
  inputs_digest?: string | null;
}

/** `schemaVersion` records the version the agent sent; the report itself is already in the current shape. */
export function ingestRowOf(
  hostId: string,
  report: Report,
  configHash: string,
  sendConfiguration: boolean,
  idempotencyKey: string | null,
  schemaVersion: number = report.schemaVersion,
  payloadHash: string | null = null,
): IngestRow {
  const configuration = sendConfiguration ? report.configuration : null;
  return ingestRowWith(hostId, report, configHash, configuration, configurationFactsOf(report.configuration), idempotencyKey, schemaVersion, payloadHash);
}

/**
 * A row from a report whose configuration may be absent (`configuration` null: the host's stored one under
 * `configHash`), with the facts the row takes from that configuration.
 */
export function ingestRowWith(
  hostId: string,
  report: MetricsOnlyReport | Report,
  configHash: string,
  configuration: Configuration | null,
  f: ConfigurationFacts,
  idempotencyKey: string | null,
  schemaVersion: number,
  payloadHash: string | null,
): IngestRow {
  return {
    host_id: hostId,
    config_hash: configHash,
    configuration,
    sequence: report.sequence,
    collected_at: report.collectedAt,
    schema_version: schemaVersion,
    agent_version: report.agent.version,
    idempotency_key: idempotencyKey,
    metrics: report.metrics,
    sample: sampleOf(report.metrics, f.cpuOnline),
    collection_errors: report.collectionErrors,
    hostname: f.hostname,
    labels: report.labels,
    interval_seconds: report.intervalSeconds,
    architecture: f.architecture,
    hypervisor: f.hypervisor,
    kernel_release: f.kernelRelease,
    thp_enabled: f.thpEnabled,
    overcommit_memory: f.overcommitMemory,
    cpu_online_count: f.cpuOnlineCount,
    mem_total_bytes: f.memTotalBytes,
    allocator_counts: f.allocatorCounts,
    instance_id: report.agent.instanceId ?? null,
    payload_hash: idempotencyKey ? payloadHash : null,
  };
}
