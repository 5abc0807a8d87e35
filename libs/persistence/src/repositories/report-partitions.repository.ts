import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenerateSql } from '../generate-sql';

/** The tables partitioned by day of report id (see migration PartitionedReports). */
export type PartitionedTable = 'reports' | 'report_samples';

/** One day partition: its table name and its UTC day (YYYY-MM-DD). */
export interface DayPartition {
  name: string;
  day: string;
}

// The lock memfleet_ensure_day_partitions takes: creating and dropping days take turns.
const PARTITIONS_LOCK_KEY = 7_336_011_002;

const PARTITION_NAME = (table: PartitionedTable) => `^${table}_p[0-9]{8}$`;

/** The UTC day of a UUIDv7 (its first 48 bits are milliseconds since the epoch); NULL for NULL. */
const UUID7_DAY = (id: string) => `(to_timestamp(('x' || left(replace(${id}::text, '-', ''), 12))::bit(48)::bigint / 1000.0) AT TIME ZONE 'UTC')::date`;

// DROP of a partition takes an exclusive lock on the parent, and every insert queues behind a drop waiting for
// it: so a drop waits only briefly for the lock (a long report read holds it), and tries again a while later.
const DROP_LOCK_TIMEOUT = '200ms';
const DROP_ATTEMPTS = 30;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The day partitions of reports and report_samples: created ahead, and retired by dropping whole days.
 * Dropping a reports day first carries each host's latest report that lies in it into today's partition
 * (a copy under a new id, with its sample if that is still kept; hosts.latest_report_id and the findings
 * that named it follow), so a host silent for longer than the retention still shows its last report and
 * configuration. Other findings' links into the day become NULL; finding_events keep the id they recorded
 * (nothing joins it). Configurations live in host_configs, outside the partitions; audits copy their evidence.
 */
@Injectable()
export class ReportPartitionsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Creates the missing day partitions of both tables up to `daysAhead` days ahead (UTC), from today or from the
   * oldest day the default partition holds rows of (maintenance did not run for a while): those rows move into
   * their days, which retention then drops like any other. Returns how many were created.
   */
  @GenerateSql({ params: [7] })
  async ensureAhead(daysAhead: number): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `WITH d AS (SELECT (now() AT TIME ZONE 'UTC')::date AS today),
       oldest AS (SELECT (SELECT id FROM reports_default ORDER BY id LIMIT 1) AS r, (SELECT report_id FROM report_samples_default ORDER BY report_id LIMIT 1) AS s)
       SELECT (SELECT memfleet_ensure_day_partitions('reports', LEAST(today, ${UUID7_DAY('r')}), today + $1::int) FROM d, oldest)
            + (SELECT memfleet_ensure_day_partitions('report_samples', LEAST(today, ${UUID7_DAY('s')}), today + $1::int) FROM d, oldest) AS n`,
      [daysAhead],
    );
    return rows[0].n;
  }

  /** The table's day partitions, oldest first. */
  @GenerateSql({ params: ['reports'] })
  days(table: PartitionedTable): Promise<DayPartition[]> {
    return this.ds.query(
      `SELECT c.relname AS name, to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass AND c.relname ~ $2 ORDER BY c.relname`,
      [table, PARTITION_NAME(table)],
    );
  }

  /**
   * Drops the table's day partitions whose whole day lies more than `days` ago (so every row is kept at
   * least `days` days); returns the days dropped. Each drop is its own transaction.
   */
  @GenerateSql({ params: ['report_samples', 36500] })
  async dropOlderThan(table: PartitionedTable, days: number): Promise<string[]> {
    const [{ cutoff }]: { cutoff: string }[] = await this.ds.query(`SELECT to_char((now() AT TIME ZONE 'UTC')::date - $1::int, 'YYYY-MM-DD') AS cutoff`, [
      days,
    ]);
    const dropped: string[] = [];
    for (const p of await this.days(table)) {
      if (p.day >= cutoff) break;
      await this.dropDay(table, p.day);
      dropped.push(p.day);
    }
    return dropped;
  }

  /**
   * Drops one day partition of the table: for reports, first (in a transaction of its own) each host's latest
   * report is carried out of it and the findings' links into it emptied; then the drop, which holds ingest up
   * for at most DROP_LOCK_TIMEOUT per attempt.
   */
  @GenerateSql({ params: ['reports', '2000-01-01'] })
  async dropDay(table: PartitionedTable, day: string): Promise<void> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    const name = `${table}_p${day.replace(/-/g, '')}`;
    if (table === 'reports') {
      await this.ds.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK_KEY})`);
        await m.query(CARRY_LATEST_SQL, [day]);
        await m.query(
          `UPDATE findings SET report_id = NULL
            WHERE report_id >= memfleet_uuid7_floor($1::date::timestamp AT TIME ZONE 'UTC')
              AND report_id < memfleet_uuid7_floor(($1::date + 1)::timestamp AT TIME ZONE 'UTC')`,
          [day],
        );
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ds.transaction(async (m) => {
          await m.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
          await m.query(`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK_KEY})`);
          await m.query(`DROP TABLE IF EXISTS "${name}"`);
        });
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt >= DROP_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.min(3000, 250 * attempt)));
      }
    }
  }
}

/**
 * Copies each host's latest report that lies in day $1 into the current partition under a new id, with
 * its sample, and points the host and its findings at the copy. The copy keeps everything but the
 * Idempotency-Key, which the week-long window no longer covers.
 */
export const CARRY_LATEST_SQL = `
WITH bounds AS (
  SELECT memfleet_uuid7_floor($1::date::timestamp AT TIME ZONE 'UTC') AS lo, memfleet_uuid7_floor(($1::date + 1)::timestamp AT TIME ZONE 'UTC') AS hi
), latest AS (
  SELECT h.id AS host_id, h.latest_report_id AS old_id, memfleet_uuid7() AS new_id
    FROM hosts h, bounds b WHERE h.latest_report_id >= b.lo AND h.latest_report_id < b.hi
), copied AS (
  INSERT INTO reports (id, host_id, config_id, sequence, collected_at, received_at, schema_version, agent_version, idempotency_key, metrics,
                       collection_errors, status, attempts, error, evaluated_at, catalogue_revision, instance_id, epoch, payload_hash, retries, failed_at)
  SELECT l.new_id, r.host_id, r.config_id, r.sequence, r.collected_at, r.received_at, r.schema_version, r.agent_version, NULL, r.metrics,
         r.collection_errors, r.status, r.attempts, r.error, r.evaluated_at, r.catalogue_revision, r.instance_id, r.epoch, r.payload_hash, r.retries, r.failed_at
    FROM latest l JOIN reports r ON r.id = l.old_id
  RETURNING id
), sampled AS (
  INSERT INTO report_samples (report_id, host_id, epoch, sequence, collected_at, sample)
  SELECT l.new_id, s.host_id, s.epoch, s.sequence, s.collected_at, s.sample FROM latest l JOIN report_samples s ON s.report_id = l.old_id
), repointed AS (
  -- A host that reported meanwhile keeps its new latest report.
  UPDATE hosts h SET latest_report_id = l.new_id FROM latest l WHERE h.id = l.host_id AND h.latest_report_id = l.old_id
), relinked AS (
  UPDATE findings f SET report_id = l.new_id FROM latest l WHERE f.report_id = l.old_id
)
SELECT (SELECT count(*) FROM copied)::int AS carried`;
