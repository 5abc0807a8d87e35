import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reports` and the history samples (`report_samples`, formerly `reports.sample`) partitioned by day, so
 * retention drops whole partitions (MEMFLEET_REPORT_RETENTION_DAYS, MEMFLEET_HISTORY_DAYS) instead of
 * deleting rows, which at a million hosts is hundreds of millions of deletes a day and their vacuum.
 *
 * - Key: report ids become time-ordered UUIDv7 (`memfleet_uuid7()`, plain SQL so it runs on PostgreSQL 15
 *   and on embedded PGlite; PostgreSQL 18's uuidv7() is not everywhere), and both tables are partitioned
 *   by RANGE of the report id, one partition per UTC day whose bounds are the day's UUIDv7 prefix
 *   (`memfleet_uuid7_floor`). Every lookup by report id — the worker's load, GET /api/v1/reports/:id, the
 *   findings of a report, a host's latest report — then prunes to one partition, which partitioning by
 *   received_at could not do without carrying the timestamp beside every id. A report's id day is its
 *   arrival day (the id is made at insert), so retention by id is retention by arrival.
 * - Existing reports get a UUIDv7 made from their received_at; hosts.latest_report_id,
 *   findings.report_id and finding_events.report_id are rewritten to the new ids (nothing else stores a
 *   report id: audits copy their evidence, the activity log names ids only in its text). Reports stored
 *   before samples existed get their sample trimmed from metrics and configuration here, once.
 * - Partitions: `memfleet_ensure_day_partitions(parent, first, last)` creates missing days (the
 *   housekeeping job keeps a week ahead). A DEFAULT partition catches any row no day holds (an id from
 *   elsewhere, or the job not running for a week) so an insert never fails; creating that day later moves
 *   its rows out of the default first, since PostgreSQL refuses to attach a range the default holds rows of.
 *   New days are created apart and attached (ATTACH takes a weaker lock on the parent than CREATE … PARTITION OF).
 * - Idempotency: a unique index must contain the partition key, so (host_id, idempotency_key) is unique
 *   per partition (created with each one), ingest looks a key up in the last IDEMPOTENCY_WINDOW_DAYS of
 *   partitions only, and inserts with ON CONFLICT DO NOTHING (any unique index of the target partition).
 *   Within the window a replay is always found; two concurrent first sends of one key are serialised by
 *   the partition's unique index, except across a UTC midnight. A replay older than the window is stored
 *   again, as an older report that supersedes nothing.
 * - `reports.sample` moves to `report_samples` (report id, host, order, collected_at, sample): history
 *   loads read that small table only, and it can be kept for another number of days than full reports.
 */
export class PartitionedReports1764345600000 implements MigrationInterface {
  name = 'PartitionedReports1764345600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION memfleet_uuid7(at timestamptz DEFAULT clock_timestamp()) RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    // The smallest UUIDv7 of a millisecond: a partition bound. Immutable, so a bound computed from now() prunes at run time.
    await q.query(`
      CREATE OR REPLACE FUNCTION memfleet_uuid7_floor(at timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) || '\\x00000000000000000000'::bytea, 'hex')::uuid
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION memfleet_ensure_day_partitions(parent text, first_day date, last_day date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        d date; part text; lo uuid; hi uuid; created int := 0;
        keycol text := CASE parent WHEN 'reports' THEN 'id' ELSE 'report_id' END;
      BEGIN
        -- Two processes creating the same day take turns (the second finds it made).
        PERFORM pg_advisory_xact_lock(7336011002);
        FOR d IN SELECT generate_series(first_day, last_day, interval '1 day')::date LOOP
          part := parent || '_p' || to_char(d, 'YYYYMMDD');
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          lo := memfleet_uuid7_floor(d::timestamp AT TIME ZONE 'UTC');
          hi := memfleet_uuid7_floor((d + 1)::timestamp AT TIME ZONE 'UTC');
          EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)', part, parent);
          EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                         parent || '_default', keycol, keycol, part) USING lo, hi;
          IF parent = 'reports' THEN
            EXECUTE format('CREATE UNIQUE INDEX %I ON %I (host_id, idempotency_key)', part || '_idempotency', part);
          END IF;
          EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
          created := created + 1;
        END LOOP;
        RETURN created;
      END $$`);

    await q.query(`ALTER TABLE "reports" RENAME TO "reports_legacy"`);
    await q.query(`ALTER TABLE "reports_legacy" RENAME CONSTRAINT "PK_reports" TO "PK_reports_legacy"`);
    for (const index of ['IDX_reports_host_order', 'IDX_reports_queued', 'IDX_reports_failed', 'IDX_reports_received', 'UQ_reports_idempotency'])
      await q.query(`DROP INDEX IF EXISTS "${index}"`);

    await q.query(`CREATE TABLE "reports" (
      "id" uuid NOT NULL DEFAULT memfleet_uuid7(),
      "host_id" uuid NOT NULL,
      "config_id" uuid NOT NULL,
      "sequence" bigint NOT NULL,
      "collected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "schema_version" smallint NOT NULL,
      "agent_version" character varying(64) NOT NULL,
      "idempotency_key" character varying(128),
      "metrics" jsonb NOT NULL,
      "collection_errors" jsonb NOT NULL DEFAULT '[]',
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "attempts" integer NOT NULL DEFAULT 0,
      "error" text,
      "evaluated_at" TIMESTAMP WITH TIME ZONE,
      "catalogue_revision" character varying(32),
      "instance_id" uuid,
      "epoch" integer NOT NULL DEFAULT 0,
      "payload_hash" text,
      "retries" integer NOT NULL DEFAULT 0,
      "failed_at" timestamptz,
      CONSTRAINT "PK_reports" PRIMARY KEY ("id"),
      CONSTRAINT "FK_reports_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_reports_config" FOREIGN KEY ("config_id") REFERENCES "host_configs"("id") ON DELETE CASCADE
    ) PARTITION BY RANGE ("id")`);
    await q.query(`CREATE INDEX "IDX_reports_host_order" ON "reports" ("host_id", "epoch", "sequence")`);
    await q.query(`CREATE INDEX "IDX_reports_queued" ON "reports" ("received_at") WHERE status = 'queued'`);
    await q.query(`CREATE INDEX "IDX_reports_failed" ON "reports" ("failed_at" DESC, "id" DESC) WHERE "status" = 'failed'`);

    await q.query(`CREATE TABLE "report_samples" (
      "report_id" uuid NOT NULL,
      "host_id" uuid NOT NULL,
      "epoch" integer NOT NULL,
      "sequence" bigint NOT NULL,
      "collected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "sample" jsonb NOT NULL,
      CONSTRAINT "PK_report_samples" PRIMARY KEY ("report_id"),
      CONSTRAINT "FK_report_samples_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE
    ) PARTITION BY RANGE ("report_id")`);
    await q.query(`CREATE INDEX "IDX_report_samples_host_order" ON "report_samples" ("host_id", "epoch", "sequence") INCLUDE ("collected_at")`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE "reports" ALTER COLUMN "metrics" SET COMPRESSION lz4;
        ALTER TABLE "report_samples" ALTER COLUMN "sample" SET COMPRESSION lz4;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'lz4 compression is not available (%); JSON columns keep the default compression', SQLERRM;
      END $$`);
    await q.query(`CREATE TABLE "reports_default" PARTITION OF "reports" DEFAULT`);
    await q.query(`CREATE UNIQUE INDEX "reports_default_idempotency" ON "reports_default" ("host_id", "idempotency_key")`);
    await q.query(`CREATE TABLE "report_samples_default" PARTITION OF "report_samples" DEFAULT`);

    // Days that hold reports, and a week ahead, before any row moves in, so none lands in the default.
    for (const parent of ['reports', 'report_samples'])
      await q.query(
        `SELECT memfleet_ensure_day_partitions($1, (LEAST((SELECT min(received_at) FROM reports_legacy), now()) AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 7)`,
        [parent],
      );

    await q.query(`CREATE TEMPORARY TABLE report_ids ON COMMIT DROP AS SELECT id AS old_id, memfleet_uuid7(received_at) AS new_id FROM reports_legacy`);
    await q.query(`CREATE UNIQUE INDEX ON report_ids (old_id)`);
    await q.query(`INSERT INTO reports (id, host_id, config_id, sequence, collected_at, received_at, schema_version, agent_version, idempotency_key, metrics,
                                        collection_errors, status, attempts, error, evaluated_at, catalogue_revision, instance_id, epoch, payload_hash, retries, failed_at)
      SELECT m.new_id, r.host_id, r.config_id, r.sequence, r.collected_at, r.received_at, r.schema_version, r.agent_version, r.idempotency_key, r.metrics,
             r.collection_errors, r.status, r.attempts, r.error, r.evaluated_at, r.catalogue_revision, r.instance_id, r.epoch, r.payload_hash, r.retries, r.failed_at
        FROM reports_legacy r JOIN report_ids m ON m.old_id = r.id`);
    // The trim of reports stored before samples existed is the one HISTORY_SUBQUERY made on every read until now.
    await q.query(`INSERT INTO report_samples (report_id, host_id, epoch, sequence, collected_at, sample)
      SELECT m.new_id, r.host_id, r.epoch, r.sequence, r.collected_at, COALESCE(r.sample, jsonb_build_object(
        'metrics', jsonb_build_object(
          'processes', COALESCE((SELECT jsonb_agg(jsonb_build_object('subject', p->'subject', 'rssBytes', p->'rssBytes')) FROM jsonb_array_elements(r.metrics->'processes') p), '[]'::jsonb),
          'cpuHotplug', r.metrics->'cpuHotplug'),
        'cpuOnline', (SELECT c.configuration #>> '{cpu,online}' FROM host_configs c WHERE c.id = r.config_id)))
        FROM reports_legacy r JOIN report_ids m ON m.old_id = r.id`);
    await q.query(`UPDATE hosts h SET latest_report_id = m.new_id FROM report_ids m WHERE h.latest_report_id = m.old_id`);
    // A finding's link to a report pruned before this migration pointed at nothing: empty now, as after a partition drop.
    await q.query(`UPDATE findings f SET report_id = m.new_id FROM report_ids m WHERE f.report_id = m.old_id`);
    await q.query(`UPDATE findings f SET report_id = NULL WHERE report_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = f.report_id)`);
    await q.query(`UPDATE finding_events e SET report_id = m.new_id FROM report_ids m WHERE e.report_id = m.old_id`);
    await q.query(`DROP TABLE "reports_legacy"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Back to one table with reports.sample; ids stay UUIDv7 (any uuid does).
    await q.query(`CREATE TABLE "reports_flat" (LIKE "reports" INCLUDING DEFAULTS INCLUDING COMPRESSION)`);
    await q.query(`ALTER TABLE "reports_flat" ALTER COLUMN "id" SET DEFAULT gen_random_uuid(), ADD COLUMN "sample" jsonb`);
    await q.query(`INSERT INTO reports_flat SELECT r.*, s.sample FROM reports r LEFT JOIN report_samples s ON s.report_id = r.id`);
    await q.query(`DROP TABLE "reports"`);
    await q.query(`DROP TABLE "report_samples"`);
    await q.query(`ALTER TABLE "reports_flat" RENAME TO "reports"`);
    await q.query(`ALTER TABLE "reports" ADD CONSTRAINT "PK_reports" PRIMARY KEY ("id"),
      ADD CONSTRAINT "FK_reports_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE,
      ADD CONSTRAINT "FK_reports_config" FOREIGN KEY ("config_id") REFERENCES "host_configs"("id") ON DELETE CASCADE`);
    await q.query(`CREATE UNIQUE INDEX "UQ_reports_idempotency" ON "reports" ("host_id", "idempotency_key")`);
    await q.query(`CREATE INDEX "IDX_reports_host_order" ON "reports" ("host_id", "epoch", "sequence")`);
    await q.query(`CREATE INDEX "IDX_reports_queued" ON "reports" ("received_at") WHERE status = 'queued'`);
    await q.query(`CREATE INDEX "IDX_reports_failed" ON "reports" ("failed_at" DESC, "id" DESC) WHERE "status" = 'failed'`);
    await q.query(`CREATE INDEX "IDX_reports_received" ON "reports" ("received_at")`);
    await q.query(`DROP FUNCTION memfleet_ensure_day_partitions(text, date, date)`);
    await q.query(`DROP FUNCTION memfleet_uuid7_floor(timestamptz)`);
    await q.query(`DROP FUNCTION memfleet_uuid7(timestamptz)`);
  }
}
