/**
 * Stores a batch of reports (at most one per host) in one statement: each configuration is
 * deduplicated by (host, content hash) — an unchanged one only bumps last_seen_at, and its JSON is not
 * even sent when the caller already knows its row — the compact report row is inserted, and the host
 * advances only when the report's sequence is newer than the host's. A replayed Idempotency-Key
 * inserts nothing: its row comes back without a report_id.
 */
export const INGEST_BATCH_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::smallint[], $7::text[], $8::text[], $9::text[],
                       $10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::text[], $16::text[], $17::text[], $18::smallint[],
                       $19::int[], $20::bigint[], $21::text[])
    AS t(host_id, config_hash, config_json, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics,
         collection_errors, hostname, labels, interval_seconds, architecture, hypervisor, kernel_release, thp_enabled, overcommit_memory,
         cpu_online_count, mem_total_bytes, allocator_counts)
), cfg_existing AS (
  UPDATE host_configs c SET last_seen_at = now() FROM input i
   WHERE c.host_id = i.host_id AND c.config_hash = i.config_hash RETURNING c.id, c.host_id, false AS inserted
), cfg_new AS (
  INSERT INTO host_configs (host_id, config_hash, configuration)
  SELECT i.host_id, i.config_hash, i.config_json::jsonb FROM input i
   WHERE i.config_json IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cfg_existing e WHERE e.host_id = i.host_id)
  ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now()
  RETURNING id, host_id, (xmax = 0) AS inserted
), cfg AS (
  SELECT id, host_id, inserted FROM cfg_existing UNION ALL SELECT id, host_id, inserted FROM cfg_new
), rep AS (
  INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics, collection_errors)
  SELECT i.host_id, cfg.id, i.sequence, i.collected_at, i.schema_version, i.agent_version, i.idempotency_key, i.metrics::jsonb, i.collection_errors::jsonb
    FROM input i JOIN cfg ON cfg.host_id = i.host_id
  ON CONFLICT (host_id, idempotency_key) DO NOTHING
  RETURNING id, host_id, config_id, sequence
), host AS (
  UPDATE hosts h SET
    last_seen_at = now(), retired_at = NULL, hostname = i.hostname, agent_labels = i.labels::jsonb, labels = i.labels::jsonb || h.admin_labels,
    interval_seconds = i.interval_seconds, agent_version = i.agent_version, latest_report_id = rep.id, latest_config_id = rep.config_id,
    last_sequence = rep.sequence, architecture = i.architecture, hypervisor = i.hypervisor, kernel_release = i.kernel_release,
    thp_enabled = i.thp_enabled, overcommit_memory = i.overcommit_memory, cpu_online_count = i.cpu_online_count, mem_total_bytes = i.mem_total_bytes,
    allocator_counts = i.allocator_counts::jsonb
  FROM rep JOIN input i ON i.host_id = rep.host_id
  WHERE h.id = rep.host_id AND h.last_sequence < rep.sequence
  RETURNING h.id
)
SELECT i.host_id, rep.id AS report_id, cfg.id AS config_id, COALESCE(cfg.inserted, false) AS config_inserted,
       (SELECT count(*) FROM host)::int AS advanced
  FROM input i LEFT JOIN rep ON rep.host_id = i.host_id LEFT JOIN cfg ON cfg.host_id = i.host_id`;

export const INGEST_COLUMNS = 21;
