import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import { SqlParams } from './sql-fragments';

/** One admin or operator action as recorded. Never a secret or a token value in `details`. */
export interface NewActivity {
  /** Who: the API token's name (see apps/api/src/activity/activity-actor.ts). */
  actor: string;
  /** The actor's role then: viewer, operator, admin (or agent). */
  actorRole: string;
  /** Dotted `<target>.<verb>`, one of ACTIVITY_ACTIONS in libs/contracts. */
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

export interface ActivityRow {
  /** bigint, as text. */
  id: string;
  at: Date;
  actor: string;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface ActivityFilter {
  action?: string;
  actor?: string;
  targetType?: string;
  since?: Date;
}

const SELECT = `a.id::text AS id, a.at, a.actor, a.actor_role AS "actorRole", a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.details`;

/** The activity log: appended to by every admin action, paged newest first. */
@Injectable()
export class ActivityRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Appends one entry; with `manager` (a transaction's), in that transaction, so the entry exists exactly
   * when the change does. Returns its id.
   */
  @GenerateSql({
    params: [
      {
        actor: DummyValue.STRING,
        actorRole: 'admin',
        action: 'silence.created',
        targetType: 'silence',
        targetId: DummyValue.UUID,
        details: { ruleId: DummyValue.STRING },
      },
    ],
  })
  async record(entry: NewActivity, manager?: EntityManager): Promise<string> {
    const rows: { id: string }[] = await (manager ?? this.ds).query(
      `INSERT INTO activity (actor, actor_role, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id::text AS id`,
      [entry.actor, entry.actorRole, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details ?? {})],
    );
    return rows[0].id;
  }

  /**
   * Entries matching `filter`, newest first (highest id), after the entry `beforeId`; `limit + 1` rows so
   * the caller knows whether there is a next page, and the number matching.
   */
  @GenerateSql(
    { name: 'no filter, first page', params: [{}, null, 50] },
    {
      name: 'every filter, after a cursor',
      params: [{ action: 'token.created', actor: DummyValue.STRING, targetType: 'token', since: new Date(0) }, '42', 50],
    },
  )
  async page(filter: ActivityFilter, beforeId: string | null, limit: number): Promise<{ total: number; rows: ActivityRow[] }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (filter.action) where.push(`a.action = ${p.add(filter.action)}`);
    if (filter.actor) where.push(`a.actor = ${p.add(filter.actor)}`);
    if (filter.targetType) where.push(`a.target_type = ${p.add(filter.targetType)}`);
    if (filter.since) where.push(`a.at >= ${p.add(filter.since)}`);
    const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM activity a ${matching}`, p.values);
    if (beforeId !== null) where.push(`a.id < ${p.add(beforeId)}::bigint`);
    const rows: ActivityRow[] = await this.ds.query(
      `SELECT ${SELECT} FROM activity a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ${Math.trunc(limit) + 1}`,
      p.values,
    );
    return { total, rows };
  }
}
