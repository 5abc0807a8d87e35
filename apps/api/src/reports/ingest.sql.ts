import type { Report } from '@memfleet/contracts';
import { historySampleOf, type StoredSample } from '@memfleet/evaluation';
import { denormalisedHostFacts } from './host-facts';

/**
 * Stores a batch of reports (at most one per host) in one statement: each configuration is
 * deduplicated by (host, content hash) — an unchanged one only bumps last_seen_at, and its JSON is not
 * even sent when the caller already knows its row — the compact report row is inserted, and the host
 * advances only when the report's sequence is newer than the host's. A replayed Idempotency-Key
 * inserts nothing: its row comes back without a report_id.
 */
export const INGEST_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS t(host_id uuid, config_hash text, configuration jsonb, sequence bigint, collected_at timestamptz, schema_version smallint, agent_version text,
         idempotency_key text, metrics jsonb, sample jsonb, collection_errors jsonb, hostname text, labels jsonb, interval_seconds int, architecture text,
         hypervisor text, kernel_release text, thp_enabled text, overcommit_memory smallint, cpu_online_count int, mem_total_bytes bigint,
         allocator_counts jsonb)
), cfg_found AS (
  SELECT (SELECT c.id FROM host_configs c WHERE c.host_id = i.host_id AND c.config_hash = i.config_hash) AS id FROM input i
), cfg_existing AS (
  UPDATE host_configs c SET last_seen_at = now() WHERE c.id = ANY (ARRAY(SELECT id FROM cfg_found WHERE id IS NOT NULL))
  RETURNING c.id, c.host_id, false AS inserted
), cfg_new AS (
  INSERT INTO host_configs (host_id, config_hash, configuration)
  SELECT i.host_id, i.config_hash, i.configuration FROM input i
   WHERE i.configuration IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cfg_existing e WHERE e.host_id = i.host_id)
  ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now()
  RETURNING id, host_id, (xmax = 0) AS inserted
), cfg AS (
  SELECT id, host_id, inserted FROM cfg_existing UNION ALL SELECT id, host_id, inserted FROM cfg_new
), rep AS (
  INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics, sample, collection_errors)
  SELECT i.host_id, cfg.id, i.sequence, i.collected_at, i.schema_version, i.agent_version, i.idempotency_key, i.metrics, i.sample, i.collection_errors
    FROM input i JOIN cfg ON cfg.host_id = i.host_id
  ON CONFLICT (host_id, idempotency_key) DO NOTHING
  RETURNING id, host_id, config_id, sequence
), host AS (
  UPDATE hosts h SET
    last_seen_at = now(), retired_at = NULL, hostname = i.hostname, agent_labels = i.labels, labels = i.labels || h.admin_labels,
    interval_seconds = i.interval_seconds, agent_version = i.agent_version, latest_report_id = rep.id, latest_config_id = rep.config_id,
    last_sequence = rep.sequence, architecture = i.architecture, hypervisor = i.hypervisor, kernel_release = i.kernel_release,
    thp_enabled = i.thp_enabled, overcommit_memory = i.overcommit_memory, cpu_online_count = i.cpu_online_count, mem_total_bytes = i.mem_total_bytes,
    allocator_counts = i.allocator_counts
  FROM rep JOIN input i ON i.host_id = rep.host_id
  WHERE h.id = ANY (ARRAY(SELECT host_id FROM rep)) AND h.id = rep.host_id AND h.last_sequence < rep.sequence
  RETURNING h.id
)
SELECT i.host_id, rep.id AS report_id, cfg.id AS config_id, COALESCE(cfg.inserted, false) AS config_inserted,
       (SELECT count(*) FROM host)::int AS advanced
  FROM input i LEFT JOIN rep ON rep.host_id = i.host_id LEFT JOIN cfg ON cfg.host_id = i.host_id`;

/** One report as a row of INGEST_BATCH_SQL's input; the batch travels as one JSON parameter. */
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
}

/** `schemaVersion` records the version the agent sent; the report itself is already in the current shape. */
export function ingestRowOf(hostId: string, report: Report, configHash: string, sendConfiguration: boolean, idempotencyKey: string | null, schemaVersion: number = report.schemaVersion): IngestRow {
  const f = denormalisedHostFacts(report);
  return {
    host_id: hostId,
    config_hash: configHash,
    configuration: sendConfiguration ? report.configuration : null,
    sequence: report.sequence,
    collected_at: report.collectedAt,
    schema_version: schemaVersion,
    agent_version: report.agent.version,
    idempotency_key: idempotencyKey,
    metrics: report.metrics,
    sample: historySampleOf(report),
    collection_errors: report.collectionErrors,
    hostname: report.configuration.host.hostname,
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
  };
}
