// $3 is null when this process already knows the config id for (host, hash): the JSON is then
// neither sent nor parsed again. Unchanged configurations only bump last_seen_at.
export const INGEST_SQL = `
WITH cfg_existing AS (
  UPDATE host_configs SET last_seen_at = now() WHERE host_id = $1 AND config_hash = $2 RETURNING id, false AS inserted
), cfg_new AS (
  INSERT INTO host_configs (host_id, config_hash, configuration)
  SELECT $1, $2, $3::jsonb WHERE $3::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cfg_existing)
  ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now()
  RETURNING id, (xmax = 0) AS inserted
), cfg AS (
  SELECT id, inserted FROM cfg_existing UNION ALL SELECT id, inserted FROM cfg_new LIMIT 1
), rep AS (
  INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics, collection_errors)
  SELECT $1, cfg.id, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb FROM cfg
  ON CONFLICT (host_id, idempotency_key) DO NOTHING
  RETURNING id, config_id, sequence
), host AS (
  UPDATE hosts h SET
    last_seen_at = now(), retired_at = NULL, hostname = $11, agent_labels = $12::jsonb, labels = $12::jsonb || h.admin_labels,
    interval_seconds = $13, agent_version = $7, latest_report_id = rep.id, latest_config_id = rep.config_id, last_sequence = rep.sequence,
    architecture = $14, hypervisor = $15, kernel_release = $16, thp_enabled = $17, overcommit_memory = $18, cpu_online_count = $19, mem_total_bytes = $20
  FROM rep WHERE h.id = $1 AND h.last_sequence < rep.sequence
  RETURNING h.id
)
SELECT rep.id AS report_id, rep.config_id, cfg.inserted AS config_inserted, (SELECT count(*) FROM host) AS advanced FROM rep, cfg`;
