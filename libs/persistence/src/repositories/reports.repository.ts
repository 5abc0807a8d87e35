import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { SEQUENCE_JUMP_LIMIT, type Configuration, type Metrics, type ReportStatus } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';
import { GuardedClient } from '../guarded-client';
import { poolOf } from '../prepared';
import type { IngestRow } from './report-rows';
import { EVALUATION_CONTEXT_SQL } from './settings.repository';

/**
 * How far back an Idempotency-Key is looked up: (host_id, idempotency_key) can only be unique per day
 * partition (see migration PartitionedReports), so a key is found in the partitions of the last week;
 * a replay older than that is stored again, as an older report that supersedes nothing.
 */
export const IDEMPOTENCY_WINDOW_DAYS = 7;
const IDEMPOTENCY_WINDOW_SQL = `r.id >= memfleet_uuid7_floor(now() - interval '${IDEMPOTENCY_WINDOW_DAYS} days')`;

/** host_instances' key for reports without instanceId. */
const NO_INSTANCE = '00000000-0000-0000-0000-000000000000';

/**
 * Stores a batch of reports (at most one per host) in one statement: each configuration is
 * deduplicated by (host, content hash) — an unchanged one only bumps last_seen_at, and its JSON is not
 * even sent when the caller already knows its row — the compact report row is inserted, and the host
 * advances only when the report is newer than the host's latest. A replayed Idempotency-Key inserts
 * nothing: its row comes back without a report_id.
 *
 * Order: reports are ordered by (epoch, sequence). Each agent instance of a host (reports without
 * instanceId count as one, recorded under the nil UUID) keeps the epoch it was first given in
 * host_instances, so a late or retried report of an earlier instance stays older than the newer
 * instance's; only an instance never seen on the host starts a new order (the highest epoch + 1), so a
 * wiped state directory counting from 1 again is newest. Within the current instance, a sequence more
 * than SEQUENCE_JUMP_LIMIT ahead of the latest is refused: nothing of it is stored, and its row comes back
 * with sequence_jump. A report whose Idempotency-Key is already stored writes nothing at all, not even its
 * configuration (a replay, or a reuse that the caller refuses). A report sent without its configuration
 * (the caller's cache, or a metrics-only schema version 3 report) whose hash the host holds no
 * configuration under stores nothing either: its row comes back with configuration_required.
 */
export const INGEST_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS t(host_id uuid, config_hash text, configuration jsonb, sequence bigint, collected_at timestamptz, schema_version smallint, agent_version text,
         idempotency_key text, metrics jsonb, sample jsonb, collection_errors jsonb, hostname text, labels jsonb, interval_seconds int, architecture text,
         hypervisor text, kernel_release text, thp_enabled text, overcommit_memory smallint, cpu_online_count int, mem_total_bytes bigint,
         allocator_counts jsonb, instance_id uuid, payload_hash text, inputs_digest text)
), ord AS (
  -- A deleted host has no row: its report passes on, and the foreign key refuses it.
  SELECT i.host_id, k.epoch IS NOT NULL AS recorded,
         CASE WHEN h.id IS NULL THEN 0
              WHEN k.epoch IS NOT NULL THEN k.epoch
              WHEN i.instance_id IS NOT DISTINCT FROM h.instance_id THEN h.instance_epoch
              ELSE GREATEST(h.instance_epoch, (SELECT max(m.epoch) FROM host_instances m WHERE m.host_id = h.id)) + 1 END AS epoch,
         COALESCE(i.instance_id IS NOT DISTINCT FROM h.instance_id AND h.last_sequence >= 0 AND i.sequence > h.last_sequence + ${SEQUENCE_JUMP_LIMIT}, false) AS jump,
         h.last_sequence
    FROM input i LEFT JOIN hosts h ON h.id = i.host_id
    -- OFFSET 0 keeps this a per-row index probe: the planner takes a batch for 100 rows and would rather scan the table.
    LEFT JOIN LATERAL (SELECT k.epoch FROM host_instances k WHERE k.host_id = i.host_id AND k.instance_id = COALESCE(i.instance_id, '${NO_INSTANCE}') OFFSET 0) k ON true
), ok AS (
  SELECT i.*, ord.epoch FROM input i JOIN ord ON ord.host_id = i.host_id
   WHERE NOT ord.jump AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.host_id = i.host_id AND r.idempotency_key = i.idempotency_key AND ${IDEMPOTENCY_WINDOW_SQL})
), settle AS (
  -- Incremental evaluation: nothing any rule reads changed since the host's latest evaluation (same digest, same
  -- thresholds and silences, periodic rules not due), the report is the host's newest and nothing is queued before
  -- it: stored as settled, no job (libs/rules/src/engine/inputs-digest.ts).
  SELECT i.host_id FROM ok i JOIN hosts h ON h.id = i.host_id
   WHERE h.evaluated_inputs_digest = i.inputs_digest AND h.evaluated_context = ${EVALUATION_CONTEXT_SQL} AND h.history_due_at > now()
     AND (h.instance_epoch, h.last_sequence) < (i.epoch, i.sequence) AND (h.evaluated_epoch, h.evaluated_sequence) = (h.instance_epoch, h.last_sequence)
), cfg_found AS (
  SELECT (SELECT c.id FROM host_configs c WHERE c.host_id = i.host_id AND c.config_hash = i.config_hash) AS id FROM ok i
), cfg_existing AS (
  UPDATE host_configs c SET last_seen_at = now() WHERE c.id = ANY (ARRAY(SELECT id FROM cfg_found WHERE id IS NOT NULL))
  RETURNING c.id, c.host_id, false AS inserted
), cfg_new AS (
  INSERT INTO host_configs (host_id, config_hash, configuration)
  SELECT i.host_id, i.config_hash, i.configuration FROM ok i
   WHERE i.configuration IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cfg_existing e WHERE e.host_id = i.host_id)
  ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now()
  RETURNING id, host_id, (xmax = 0) AS inserted
), cfg AS (
  SELECT id, host_id, inserted FROM cfg_existing UNION ALL SELECT id, host_id, inserted FROM cfg_new
), rep AS (
  INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics, collection_errors,
                       instance_id, epoch, payload_hash, status, evaluated_at)
  SELECT i.host_id, cfg.id, i.sequence, i.collected_at, i.schema_version, i.agent_version, i.idempotency_key, i.metrics, i.collection_errors,
         i.instance_id, i.epoch, i.payload_hash, CASE WHEN s.host_id IS NULL THEN 'queued' ELSE 'settled' END, CASE WHEN s.host_id IS NOT NULL THEN now() END
    FROM ok i JOIN cfg ON cfg.host_id = i.host_id LEFT JOIN settle s ON s.host_id = i.host_id
  -- (host_id, idempotency_key) is unique per day partition: a concurrent first send of the same key inserts nothing.
  ON CONFLICT DO NOTHING
  RETURNING id, host_id, config_id, sequence, epoch, instance_id, status
), smp AS (
  INSERT INTO report_samples (report_id, host_id, epoch, sequence, collected_at, sample)
  SELECT rep.id, rep.host_id, rep.epoch, rep.sequence, i.collected_at, i.sample FROM rep JOIN input i ON i.host_id = rep.host_id
), inst AS (
  INSERT INTO host_instances (host_id, instance_id, epoch)
  SELECT rep.host_id, COALESCE(rep.instance_id, '${NO_INSTANCE}'), rep.epoch FROM rep JOIN ord ON ord.host_id = rep.host_id WHERE NOT ord.recorded
  ON CONFLICT (host_id, instance_id) DO NOTHING
), host AS (
  UPDATE hosts h SET
    last_seen_at = now(), retired_at = NULL, hostname = i.hostname, agent_labels = i.labels, labels = i.labels || h.admin_labels,
    interval_seconds = i.interval_seconds, agent_version = i.agent_version, latest_report_id = rep.id, latest_config_id = rep.config_id,
    last_sequence = rep.sequence, instance_epoch = rep.epoch, instance_id = rep.instance_id, architecture = i.architecture, hypervisor = i.hypervisor,
    kernel_release = i.kernel_release, thp_enabled = i.thp_enabled, overcommit_memory = i.overcommit_memory, cpu_online_count = i.cpu_online_count,
    mem_total_bytes = i.mem_total_bytes, allocator_counts = i.allocator_counts,
    evaluated_epoch = CASE WHEN rep.status = 'settled' THEN rep.epoch ELSE h.evaluated_epoch END,
    evaluated_sequence = CASE WHEN rep.status = 'settled' THEN rep.sequence ELSE h.evaluated_sequence END
  FROM rep JOIN input i ON i.host_id = rep.host_id
  WHERE h.id = ANY (ARRAY(SELECT host_id FROM rep)) AND h.id = rep.host_id AND (h.instance_epoch, h.last_sequence) < (rep.epoch, rep.sequence)
  RETURNING h.id
)
SELECT i.host_id, rep.id AS report_id, cfg.id AS config_id, COALESCE(cfg.inserted, false) AS config_inserted,
       (SELECT count(*) FROM host)::int AS advanced, COALESCE(ord.jump, false) AS sequence_jump, ord.last_sequence::float8 AS last_sequence,
       -- delta: sent without its configuration, and the host holds none under its hash
       (i.configuration IS NULL AND cfg.id IS NULL AND EXISTS (SELECT 1 FROM ok WHERE ok.host_id = i.host_id)) AS configuration_required,
       COALESCE(rep.status = 'settled', false) AS settled
  FROM input i LEFT JOIN rep ON rep.host_id = i.host_id LEFT JOIN cfg ON cfg.host_id = i.host_id LEFT JOIN ord ON ord.host_id = i.host_id`;

/** One input row's outcome; report_id is null for a replayed Idempotency-Key. */
export interface IngestBatchRow {
  host_id: string;
  report_id: string | null;
  config_id: string | null;
  config_inserted: boolean;
  /** Hosts of the batch whose latest report moved (the same on every row). */
  advanced: number;
  /** Refused, nothing stored: the sequence is more than SEQUENCE_JUMP_LIMIT ahead of its instance's latest (last_sequence). */
  sequence_jump: boolean;
  last_sequence: number | null;
  /** Not stored: sent without a configuration, and the host holds none under its config_hash. */
  configuration_required: boolean;
  /** Stored as settled: it changes no rule input, so no evaluation job is needed. */
  settled: boolean;
}

/**
 * Connections of their own for the ingest batch statement that keep its generic plan: left to choose,
 * PostgreSQL re-plans it on every batch (its input is one JSON parameter, so every custom plan looks the
 * same). Not for embedded PGlite, which serves one connection. The pool drops a broken connection and
 * opens a new one on the next batch.
 */
export function openIngestPool(databaseUrl: string, size: number, onIdleError: (err: Error) => void): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: size,
    application_name: 'memfleet-ingest',
    options: '-c plan_cache_mode=force_generic_plan',
    Client: GuardedClient,
  });
  // An idle connection that breaks (PostgreSQL restarted) is emitted here; unheard, it kills the process.
  pool.on('error', onIdleError);
  return pool;
}

export interface ReportDetailRow {
  id: string;
  hostId: string;
  instanceId: string | null;
  sequence: number;
  collectedAt: Date;
  receivedAt: Date;
  status: ReportStatus;
  attempts: number;
  retries: number;
  error: string | null;
  failedAt: Date | null;
  evaluatedAt: Date | null;
  catalogueRevision: string | null;
  configHash: string;
}

/** A failed report as the dead-letter view lists it. */
export interface FailedReportRow {
  id: string;
  hostId: string;
  hostname: string;
  instanceId: string | null;
  sequence: number;
  collectedAt: Date;
  receivedAt: Date;
  failedAt: Date | null;
  attempts: number;
  retries: number;
  error: string | null;
}

export interface LatestReportRow {
  id: string;
  sequence: number;
  collected_at: Date;
  status: ReportStatus;
  metrics: Metrics;
  configuration: Configuration;
  config_hash: string;
}

export interface ReportHistoryRow {
  reportId: string;
  sequence: number;
  collectedAt: Date;
  receivedAt: Date;
  status: ReportStatus;
  configHash: string;
}

export interface ReportFactsRow {
  reportId: string;
  sequence: number;
  collectedAt: Date;
  configuration: Configuration;
  metrics: Metrics;
}

/** Reports and their deduplicated configurations: ingest, status, reads (retention: ReportPartitionsRepository). */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Runs the ingest batch statement, named so each connection plans it once; `pool` is the caller's
   * dedicated connections (openIngestPool) or, by default, the DataSource's.
   */
  @GenerateSql({ params: [[]] })
  async ingestBatch(rows: IngestRow[], pool: Pool = poolOf(this.ds)): Promise<IngestBatchRow[]> {
    const res = await pool.query<IngestBatchRow>({ name: 'memfleet-ingest-batch', text: INGEST_BATCH_SQL, values: [JSON.stringify(rows)] });
    return res.rows;
  }

  /**
   * The report stored under an Idempotency-Key, with the hash of the payload it was stored with (null before
   * hashes were kept) and the hash of its configuration.
   */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async byIdempotencyKey(hostId: string, key: string): Promise<{ id: string; status: ReportStatus; payloadHash: string | null; configHash: string } | null> {
    const rows: { id: string; status: ReportStatus; payloadHash: string | null; configHash: string }[] = await this.ds.query(
      `SELECT r.id, r.status, r.payload_hash AS "payloadHash", c.config_hash AS "configHash"
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1 AND r.idempotency_key = $2 AND ${IDEMPOTENCY_WINDOW_SQL}`,
      [hostId, key],
    );
    return rows[0] ?? null;
  }

  /** The configuration the host holds under a hash: what a metrics-only report is stored against. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async heldConfiguration(hostId: string, configHash: string): Promise<{ id: string; configuration: Configuration } | null> {
    const rows: { id: string; configuration: Configuration }[] = await this.ds.query(
      `SELECT id, configuration FROM host_configs WHERE host_id = $1 AND config_hash = $2`,
      [hostId, configHash],
    );
    return rows[0] ?? null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async status(reportId: string): Promise<ReportStatus | null> {
    const rows: { status: ReportStatus }[] = await this.ds.query(`SELECT status FROM reports WHERE id = $1`, [reportId]);
    return rows[0]?.status ?? null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async detail(id: string): Promise<ReportDetailRow | null> {
    const rows: ReportDetailRow[] = await this.ds.query(
      `SELECT r.id, r.host_id AS "hostId", r.instance_id AS "instanceId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", r.received_at AS "receivedAt", r.status,
              r.attempts, r.retries, r.error, r.failed_at AS "failedAt", r.evaluated_at AS "evaluatedAt", r.catalogue_revision AS "catalogueRevision", c.config_hash AS "configHash"
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The host's latest report with its configuration. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async latestOfHost(hostId: string): Promise<LatestReportRow | null> {
    const rows: LatestReportRow[] = await this.ds.query(
      `SELECT r.id, r.sequence::float8 AS sequence, r.collected_at, r.status, r.metrics, c.configuration, c.config_hash
           FROM hosts h JOIN reports r ON r.id = h.latest_report_id JOIN host_configs c ON c.id = r.config_id WHERE h.id = $1`,
      [hostId],
    );
    return rows[0] ?? null;
  }

  /** The host's last 50 stored reports, newest first (by agent instance, then sequence). */
  @GenerateSql({ params: [DummyValue.UUID] })
  historyOfHost(hostId: string): Promise<ReportHistoryRow[]> {
    return this.ds.query(
      `SELECT r.id AS "reportId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", r.received_at AS "receivedAt", r.status, c.config_hash AS "configHash"
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1 ORDER BY r.epoch DESC, r.sequence DESC LIMIT 50`,
      [hostId],
    );
  }

  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID] })
  async factsOf(hostId: string, reportId: string): Promise<ReportFactsRow | null> {
    const rows: ReportFactsRow[] = await this.ds.query(
      `SELECT r.id AS "reportId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", c.configuration, r.metrics
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1 AND r.id = $2`,
      [hostId, reportId],
    );
    return rows[0] ?? null;
  }

  /** After the last attempt: the report stays stored, marked failed with the error. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async markFailed(reportId: string, message: string): Promise<void> {
    await this.ds.query(
      `UPDATE reports SET status = 'failed', error = $2, failed_at = date_trunc('milliseconds', now()) WHERE id = $1 AND status <> 'evaluated'`,
      [reportId, message],
    );
  }

  /**
   * The queue gave up on a report still `queued` (e.g. its job stalled twice): failed with the reason, unless
   * it was evaluated or re-run (retries moved on) meanwhile. Returns whether it was marked.
   */
  @GenerateSql({ params: [DummyValue.UUID, 0, DummyValue.STRING] })
  async markAbandoned(reportId: string, retries: number, message: string): Promise<boolean> {
    // As a CTE: a bare UPDATE … RETURNING answers with [rows, count] through TypeORM.
    const rows: { n: number }[] = await this.ds.query(
      `WITH marked AS (
         UPDATE reports SET status = 'failed', error = $3, failed_at = date_trunc('milliseconds', now()) WHERE id = $1 AND status = 'queued' AND retries = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM marked`,
      [reportId, retries, message],
    );
    return rows[0].n === 1;
  }

  /** A failed report back to `queued` for a re-run under a fresh job id (retries + 1); null when it is not failed. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async requeueFailed(reportId: string, manager?: EntityManager): Promise<{ hostId: string; retries: number } | null> {
    const rows: { hostId: string; retries: number }[] = await (manager ?? this.ds).query(
      `WITH requeued AS (
         UPDATE reports SET status = 'queued', error = NULL, failed_at = NULL, retries = retries + 1 WHERE id = $1 AND status = 'failed'
         RETURNING host_id, retries)
       SELECT host_id AS "hostId", retries FROM requeued`,
      [reportId],
    );
    return rows[0] ?? null;
  }

  /** The dead-letter view: failed reports, most recently failed first, after the keyset cursor (failed_at, id; kept to the millisecond so a cursor is exact). */
  @GenerateSql({ params: [null, 50] })
  failedPage(after: { failedAt: string; id: string } | null, limit: number): Promise<FailedReportRow[]> {
    return this.ds.query(
      `SELECT r.id, r.host_id AS "hostId", h.hostname, r.instance_id AS "instanceId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt",
              r.received_at AS "receivedAt", r.failed_at AS "failedAt", r.attempts, r.retries, r.error
         FROM reports r JOIN hosts h ON h.id = r.host_id
        WHERE r.status = 'failed' AND ($1::timestamptz IS NULL OR (r.failed_at, r.id) < ($1::timestamptz, $2::uuid))
        ORDER BY r.failed_at DESC, r.id DESC LIMIT $3`,
      [after?.failedAt ?? null, after?.id ?? null, limit],
    );
  }

  /** An older report (by sequence) than the host's evaluated one: it must not overwrite newer findings. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async markSuperseded(reportId: string, catalogueRevision: string): Promise<void> {
    await this.ds.query(
      `UPDATE reports SET status = 'superseded', evaluated_at = now(), catalogue_revision = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'queued'`,
      [reportId, catalogueRevision],
    );
  }

  /** Reports still `queued` after `olderThanSeconds`, oldest first, with their re-run count (it is part of the job id). */
  @GenerateSql({ params: [60, 1000] })
  stranded(olderThanSeconds: number, limit: number): Promise<{ id: string; host_id: string; retries: number }[]> {
    return this.ds.query(
      `SELECT id, host_id, retries FROM reports WHERE status = 'queued' AND received_at < now() - make_interval(secs => $1)
      ORDER BY received_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }
}
