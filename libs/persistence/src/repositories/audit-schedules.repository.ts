import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import { SqlParams, type KeysetCursor } from './sql-fragments';

export interface AuditScheduleRow {
  id: string;
  name: string;
  cron: string;
  timeZone: string;
  scope: Record<string, string>;
  formats: string[];
  destinationIds: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

export type NewAuditSchedule = Omit<AuditScheduleRow, 'id' | 'createdAt' | 'updatedAt'>;
export type AuditSchedulePatch = Partial<Omit<NewAuditSchedule, 'createdBy'>>;

/** What the job schedulers are declared from. */
export type AuditScheduleState = Pick<AuditScheduleRow, 'id' | 'cron' | 'timeZone' | 'enabled'>;

/** The schedule a new install starts with, from MEMFLEET_AUDIT_CRON. */
export const DEFAULT_AUDIT_SCHEDULE = { name: 'daily', timeZone: 'UTC', createdBy: 'MEMFLEET_AUDIT_CRON' } as const;
// Key of the settings row recording that the default schedule was considered (created or not).
const DEFAULT_CONSIDERED = 'default-audit-schedule';
// Ticks are kept this long: far longer than any retry or redelivery of one tick.
const TICKS_KEPT_DAYS = 30;
/** A tick claimed this long ago without an audit (its start failed and could not give it back) may be claimed again. */
export const STALE_CLAIM_SECONDS = 120;

const SELECT = `s.id, s.name, s.cron, s.time_zone AS "timeZone", s.scope, s.formats, s.destination_ids AS "destinationIds", s.enabled,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt", s.created_by AS "createdBy"`;

const COLUMNS: Record<keyof AuditSchedulePatch, { column: string; json?: boolean }> = {
  name: { column: 'name' },
  cron: { column: 'cron' },
  timeZone: { column: 'time_zone' },
  scope: { column: 'scope', json: true },
  formats: { column: 'formats', json: true },
  destinationIds: { column: 'destination_ids', json: true },
  enabled: { column: 'enabled' },
};

const isNameTaken = (err: unknown): boolean => {
  const e = err as { code?: string; driverError?: { code?: string; constraint?: string }; constraint?: string };
  return (e.code ?? e.driverError?.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'UQ_audit_schedules_name';
};

/** Audit schedules, the ticks that started an audit, and the default schedule of a new install. */
@Injectable()
export class AuditSchedulesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The new schedule, or 'name-taken'. */
  @GenerateSql({
    params: [
      {
        name: DummyValue.STRING,
        cron: '0 6 * * *',
        timeZone: 'UTC',
        scope: { team: 'edge' },
        formats: ['pdf'],
        destinationIds: [DummyValue.UUID],
        enabled: true,
        createdBy: DummyValue.STRING,
      },
    ],
  })
  async create(s: NewAuditSchedule, manager?: EntityManager): Promise<AuditScheduleRow | 'name-taken'> {
    const rows: AuditScheduleRow[] = await (manager ?? this.ds).query(
      `WITH s AS (
         INSERT INTO audit_schedules (name, cron, time_zone, scope, formats, destination_ids, enabled, created_by)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8) ON CONFLICT (name) DO NOTHING RETURNING *)
       SELECT ${SELECT} FROM s`,
      [s.name, s.cron, s.timeZone, JSON.stringify(s.scope), JSON.stringify(s.formats), JSON.stringify(s.destinationIds), s.enabled, s.createdBy],
    );
    return rows[0] ?? 'name-taken';
  }

  /** By name; `rows` holds one more than `limit` when there is a next page. */
  @GenerateSql({ name: 'first page', params: [null, 50] }, { name: 'after a cursor', params: [{ v: DummyValue.STRING, id: DummyValue.UUID }, 50] })
  async list(cursor: KeysetCursor | null, limit: number): Promise<{ total: number; rows: AuditScheduleRow[] }> {
    const p = new SqlParams();
    const where = cursor ? `WHERE (s.name, s.id) > (${p.add(cursor.v)}::text, ${p.add(cursor.id)}::uuid)` : '';
    const rows: AuditScheduleRow[] = await this.ds.query(
      `SELECT ${SELECT} FROM audit_schedules s ${where} ORDER BY s.name, s.id LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM audit_schedules`);
    return { total, rows };
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<AuditScheduleRow | null> {
    const rows: AuditScheduleRow[] = await this.ds.query(`SELECT ${SELECT} FROM audit_schedules s WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Changes the given fields; null when there is no such schedule, 'name-taken' when another has the name. */
  @GenerateSql(
    {
      name: 'every field',
      params: [DummyValue.UUID, { name: 'x', cron: '0 6 * * *', timeZone: 'UTC', scope: {}, formats: ['csv'], destinationIds: [], enabled: false }],
    },
    { name: 'nothing', params: [DummyValue.UUID, {}] },
  )
  async update(id: string, patch: AuditSchedulePatch, manager?: EntityManager): Promise<AuditScheduleRow | null | 'name-taken'> {
    const p = new SqlParams();
    const sets = (Object.keys(COLUMNS) as (keyof AuditSchedulePatch)[])
      .filter((k) => patch[k] !== undefined)
      .map((k) => {
        const { column, json } = COLUMNS[k];
        return `${column} = ${json ? `${p.add(JSON.stringify(patch[k]))}::jsonb` : p.add(patch[k])}`;
      });
    try {
      const rows: AuditScheduleRow[] = await (manager ?? this.ds).query(
        `WITH s AS (UPDATE audit_schedules SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = ${p.add(id)} RETURNING *) SELECT ${SELECT} FROM s`,
        p.values,
      );
      return rows[0] ?? null;
    } catch (err) {
      if (isNameTaken(err)) return 'name-taken';
      throw err;
    }
  }

  /** The deleted schedule, or null when there was none; its ticks go with it. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async remove(id: string, manager?: EntityManager): Promise<AuditScheduleRow | null> {
    const rows: AuditScheduleRow[] = await (manager ?? this.ds).query(
      `WITH s AS (DELETE FROM audit_schedules WHERE id = $1 RETURNING *) SELECT ${SELECT} FROM s`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Takes a deleted destination out of every schedule naming it (with the destination's deletion, in its
   * transaction); each changed schedule with its destination ids before and after.
   */
  @GenerateSql({ params: [DummyValue.UUID] })
  async dropDestination(destinationId: string, manager?: EntityManager): Promise<{ id: string; name: string; old: string[]; new: string[] }[]> {
    return (manager ?? this.ds).query(
      `WITH named AS (SELECT id, destination_ids FROM audit_schedules WHERE destination_ids ? $1 FOR UPDATE),
            changed AS (UPDATE audit_schedules s SET destination_ids = s.destination_ids - $1, updated_at = now() FROM named WHERE s.id = named.id
                        RETURNING s.id, s.name, named.destination_ids AS old, s.destination_ids AS new)
       SELECT id, name, old, new FROM changed ORDER BY name, id`,
      [destinationId],
    );
  }

  /** Every schedule's cron, zone and whether it runs: the job schedulers are declared from these. */
  @GenerateSql()
  states(): Promise<AuditScheduleState[]> {
    return this.ds.query(`SELECT id, cron, time_zone AS "timeZone", enabled FROM audit_schedules ORDER BY id`);
  }

  /**
   * Claims one tick (its job id) of a schedule: true for the first caller only, so a tick delivered twice
   * starts one audit. A claim that never recorded its audit (the database went away between claiming and
   * starting, so the claim could not be given back either) is free again after STALE_CLAIM_SECONDS, longer
   * than a start takes: the job's retry then starts the tick's audit instead of losing it. Also drops the
   * schedule's ticks older than TICKS_KEPT_DAYS.
   */
  @GenerateSql({ params: [DummyValue.UUID, 'repeat:audit-schedule-x:0'] })
  async claimTick(scheduleId: string, tick: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH old AS (DELETE FROM audit_schedule_ticks WHERE schedule_id = $1 AND created_at < now() - make_interval(days => $3)),
            claimed AS (INSERT INTO audit_schedule_ticks (schedule_id, tick) SELECT id, $2 FROM audit_schedules WHERE id = $1
                        ON CONFLICT (schedule_id, tick) DO UPDATE SET created_at = now()
                         WHERE audit_schedule_ticks.audit_id IS NULL AND audit_schedule_ticks.created_at < now() - make_interval(secs => $4)
                        RETURNING tick)
       SELECT tick FROM claimed`,
      [scheduleId, tick, TICKS_KEPT_DAYS, STALE_CLAIM_SECONDS],
    );
    return rows.length > 0;
  }

  /** The audit a claimed tick started. */
  @GenerateSql({ params: [DummyValue.UUID, 'repeat:audit-schedule-x:0', DummyValue.UUID] })
  async setTickAudit(scheduleId: string, tick: string, auditId: string): Promise<void> {
    await this.ds.query(`UPDATE audit_schedule_ticks SET audit_id = $3 WHERE schedule_id = $1 AND tick = $2`, [scheduleId, tick, auditId]);
  }

  /** Gives a claimed tick back (starting its audit failed), so its retry can claim it. */
  @GenerateSql({ params: [DummyValue.UUID, 'repeat:audit-schedule-x:0'] })
  async releaseTick(scheduleId: string, tick: string): Promise<void> {
    await this.ds.query(`DELETE FROM audit_schedule_ticks WHERE schedule_id = $1 AND tick = $2 AND audit_id IS NULL`, [scheduleId, tick]);
  }

  /** The ticks of a schedule that started an audit, oldest first (at most 1000). */
  @GenerateSql({ params: [DummyValue.UUID] })
  ticks(scheduleId: string): Promise<{ tick: string; auditId: string | null; createdAt: Date }[]> {
    return this.ds.query(
      `SELECT tick, audit_id AS "auditId", created_at AS "createdAt" FROM audit_schedule_ticks WHERE schedule_id = $1 ORDER BY created_at, tick LIMIT 1000`,
      [scheduleId],
    );
  }

  /**
   * The default schedule, considered once per database: the first caller records in settings that it was
   * considered and, when `cron` is given and no schedule exists, creates it; every later call (another
   * process, a restart with another MEMFLEET_AUDIT_CRON, after the default was deleted) changes nothing.
   * One statement, so concurrent starts cannot both create it.
   */
  @GenerateSql({ name: 'with a cron expression', params: ['0 6 * * *', ['html', 'pdf', 'csv', 'json']] }, { name: 'none', params: [null, ['json']] })
  async considerDefault(cron: string | null, formats: string[]): Promise<{ considered: boolean; createdId: string | null }> {
    const rows: { considered: boolean; createdId: string | null }[] = await this.ds.query(
      `WITH considered AS (
         INSERT INTO settings (key, value) VALUES ($1, jsonb_build_object('cron', $2::text, 'at', now()))
         ON CONFLICT (key) DO NOTHING RETURNING key),
       created AS (
         INSERT INTO audit_schedules (name, cron, time_zone, formats, created_by)
         SELECT $3, $2, $4, $5::jsonb, $6 FROM considered
          WHERE $2::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_schedules)
         ON CONFLICT (name) DO NOTHING RETURNING id)
       SELECT EXISTS (SELECT 1 FROM considered) AS considered, (SELECT id FROM created) AS "createdId"`,
      [DEFAULT_CONSIDERED, cron, DEFAULT_AUDIT_SCHEDULE.name, DEFAULT_AUDIT_SCHEDULE.timeZone, JSON.stringify(formats), DEFAULT_AUDIT_SCHEDULE.createdBy],
    );
    return rows[0];
  }
}
