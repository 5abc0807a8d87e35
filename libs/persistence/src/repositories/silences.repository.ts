import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import { ACTIVE_SILENCE_FOR_HOST } from './sql-fragments';

export interface SilenceRow {
  id: string;
  ruleId: string;
  hostId: string | null;
  labels: Record<string, string> | null;
  reason: string;
  author: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  active: boolean;
  /** Hits of the rule (not passes) on the hosts it covers now (0 once it ended). */
  findingsCovered: number;
}

export interface NewSilence {
  ruleId: string;
  /** One host; with neither host nor labels the silence is fleet-wide. */
  hostId: string | null;
  labelSelector: Record<string, string> | null;
  reason: string;
  author: string;
  expiresAt: Date;
}

export type SilenceState = 'active' | 'expired' | 'all';

const SELECT = `s.id, s.rule_id AS "ruleId", s.host_id AS "hostId", s.label_selector AS labels, s.reason, s.author, s.created_at AS "createdAt",
  s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", (s.revoked_at IS NULL AND s.expires_at > now()) AS active,
  (SELECT count(*)::int FROM findings f JOIN hosts h ON h.id = f.host_id
    WHERE f.rule_id = s.rule_id AND f.outcome = 'hit' AND s.revoked_at IS NULL AND s.expires_at > now()
      AND (s.host_id = h.id OR (s.host_id IS NULL AND (s.label_selector IS NULL OR h.labels @> s.label_selector)))) AS "findingsCovered"`;

/**
 * Re-applies silences to one rule's findings (after a silence is created, revoked or expires); returns
 * the hosts whose findings changed, whose totals then need a recount.
 */
const APPLY_SILENCES_SQL = `
WITH changed AS (
  UPDATE findings f SET silenced = x.now_silenced, silenced_changed_at = now()
    FROM (SELECT f2.id, EXISTS (SELECT 1 FROM silences s WHERE s.rule_id = f2.rule_id AND ${ACTIVE_SILENCE_FOR_HOST('s', 'h')}) AS now_silenced
            FROM findings f2 JOIN hosts h ON h.id = f2.host_id WHERE f2.rule_id = $1) x
   WHERE f.id = x.id AND f.silenced <> x.now_silenced
  RETURNING f.host_id
), context AS (
  -- Silences count as an input of every rule: a host whose findings this changed settles on nothing evaluated before
  -- it (only those hosts, so one silence does not send the whole fleet through the rules again).
  UPDATE hosts SET evaluated_context = NULL WHERE id IN (SELECT host_id FROM changed) AND evaluated_context IS NOT NULL
)
SELECT DISTINCT host_id FROM changed`;

/** Silences: acknowledgements of a rule's findings, and their effect on the findings' `silenced` flag. */
@Injectable()
export class SilencesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Returns the new silence's id. */
  @GenerateSql({
    params: [
      { ruleId: DummyValue.STRING, hostId: null, labelSelector: { env: 'prod' }, reason: DummyValue.STRING, author: DummyValue.STRING, expiresAt: new Date(0) },
    ],
  })
  async create(s: NewSilence, manager?: EntityManager): Promise<string> {
    const [row]: { id: string }[] = await (manager ?? this.ds).query(
      `INSERT INTO silences (rule_id, host_id, label_selector, reason, author, expires_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING id`,
      [s.ruleId, s.hostId, s.labelSelector ? JSON.stringify(s.labelSelector) : null, s.reason, s.author, s.expiresAt],
    );
    return row.id;
  }

  /** Newest first, at most 500. */
  @GenerateSql(
    { name: 'active', params: ['active'] },
    { name: 'expired, of one rule', params: ['expired', DummyValue.STRING] },
    { name: 'all', params: ['all'] },
  )
  list(state: SilenceState, ruleId?: string): Promise<SilenceRow[]> {
    const where = [
      state === 'active'
        ? `s.revoked_at IS NULL AND s.expires_at > now()`
        : state === 'expired'
          ? `(s.revoked_at IS NOT NULL OR s.expires_at <= now())`
          : 'true',
    ];
    const params: unknown[] = [];
    if (ruleId) {
      params.push(ruleId);
      where.push(`s.rule_id = $1`);
    }
    return this.ds.query(`SELECT ${SELECT} FROM silences s WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC LIMIT 500`, params);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<SilenceRow | null> {
    const rows: SilenceRow[] = await this.ds.query(`SELECT ${SELECT} FROM silences s WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Ends an active silence now; returns its rule, or null when no active silence has this id. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revoke(id: string, manager?: EntityManager): Promise<string | null> {
    const rows: { rule_id: string }[] = await (manager ?? this.ds).query(
      `WITH r AS (UPDATE silences SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING rule_id) SELECT rule_id FROM r`,
      [id],
    );
    return rows[0]?.rule_id ?? null;
  }

  /** Sets each finding of the rule silenced exactly when an active silence covers its host; returns the hosts that changed. */
  @GenerateSql({ params: [DummyValue.STRING] })
  async applyToFindings(ruleId: string): Promise<string[]> {
    const rows: { host_id: string }[] = await this.ds.query(APPLY_SILENCES_SQL, [ruleId]);
    return rows.map((r) => r.host_id);
  }

  /** Rules with a silence that ran out in the last `withinSeconds`. */
  @GenerateSql({ params: [120] })
  async rulesExpiredWithin(withinSeconds: number): Promise<string[]> {
    const rows: { rule_id: string }[] = await this.ds.query(
      `SELECT DISTINCT rule_id FROM silences WHERE revoked_at IS NULL AND expires_at <= now() AND expires_at > now() - make_interval(secs => $1)`,
      [withinSeconds],
    );
    return rows.map((r) => r.rule_id);
  }
}
