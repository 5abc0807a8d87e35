import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditHit, AuditRemediationHost, AuditRequest, AuditStatus, RemediationEffect, Severity } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';
import {
  FINDINGS_BY_RULE_SQL,
  FIXES_SQL,
  FLEET_SQL,
  HIT_CHANGES_SQL,
  HOST_CHANGES_SQL,
  NOT_EVALUATED_SQL,
  PATTERNS_SQL,
  PREVIOUS_AUDIT_SQL,
  REMEDIATIONS_SQL,
  SILENCED_SQL,
  SNAPSHOT_HITS_SQL,
} from './audit-sections.sql';
import type { KeysetCursor } from './sql-fragments';

export interface AuditProgress {
  step: string;
  done: number;
  total: number;
}

export interface AuditTotals {
  critical: number;
  warning: number;
  info: number;
  silenced: number;
  hosts: number;
}

/** An audit as the API lists it. */
export interface AuditRow {
  id: string;
  status: AuditStatus;
  trigger: AuditRequest['trigger'];
  scheduleId: string | null;
  requestedBy: string;
  scope: Record<string, string>;
  formats: string[];
  destinationIds: string[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  progress: AuditProgress;
  error: string | null;
  totals: AuditTotals | null;
  previousAuditId: string | null;
}

export interface AuditPage {
  total: number;
  /** Up to limit + 1 rows: one more than the page says there is a next page. */
  rows: AuditRow[];
}

export interface FleetRow {
  total: number;
  reporting: number;
  stale: number;
  retired: number;
}

export interface NotEvaluatedRow {
  fact: string;
  suppliedBy: string;
  ruleIds: string[];
  hosts: number;
}

/** Per rule, and the totals (ruleId null). */
export interface FindingsByRuleRow extends Omit<AuditTotals, 'hosts'> {
  ruleId: string | null;
  hosts: number;
}

export interface SilencedHitRow {
  total: number;
  hostId: string;
  hostname: string;
  ruleId: string;
  subject: string;
  severity: Severity;
  reason: string;
  author: string;
  expiresAt: Date;
}

export interface HitChangeRow {
  kind: 'opened' | 'resolved' | 'escalated';
  total: number;
  hostId: string;
  hostname: string;
  ruleId: string;
  subject: string;
  severity: Severity;
  previousSeverity: Severity | null;
}

export interface HostChangeRow {
  kind: 'appeared' | 'stale';
  total: number;
  hostId: string;
  hostname: string;
}

export interface RemediationRow {
  key: string;
  title: string;
  effect: RemediationEffect | null;
  ruleIds: string[];
  total: number;
  items: { hostId: string; hostname: string; subject: string; text: string }[];
}

/** One host (and subject) a remediation applies to. */
/** A remediation and one host it applies to (the contract's shape). */
export type RemediationHost = AuditRemediationHost;

export interface PatternRow {
  ruleId: string;
  /** Hosts with an unsilenced hit of the rule. */
  total: number;
  critical: number;
  /** The headline evidence value of the worst host (items[0]), when it has one. */
  worst: number | null;
  items: { hostId: string; hostname: string; subject: string; severity: Severity; summary: string }[];
}

export interface FixesRow {
  ruleId: string;
  resolvedEvents: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  resolvedFindings: number;
  recurred: number;
}

const ITEM = `a.id, a.status, a.trigger, a.schedule_id AS "scheduleId", a.requested_by AS "requestedBy", a.scope, a.formats, a.destination_ids AS "destinationIds",
  a.created_at AS "createdAt", a.started_at AS "startedAt", a.finished_at AS "finishedAt", a.progress, a.error, a.totals, a.previous_audit_id AS "previousAuditId"`;

const HIT_COLUMNS = `host_id AS "hostId", hostname, labels, rule_id AS "ruleId", severity, subject, to_char(first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "firstSeenAt", silenced, summary,
  evidence_summary AS "evidenceSummary", remediation_key AS "remediationKey", remediation_text AS "remediationText",
  remediation->0->>'effect' AS "remediationEffect"`;

async function* pages(page: (afterOrd: number) => Promise<(AuditHit & { ord: number })[]>, batch: number): AsyncIterable<AuditHit> {
  let after = 0;
  for (;;) {
    const rows = await page(after);
    for (const { ord: _ord, ...hit } of rows) yield hit;
    if (rows.length < batch) return;
    after = rows[rows.length - 1].ord;
  }
}

async function* remediationPages(
  page: (after: { key: string; ord: number } | null) => Promise<(RemediationHost & { ord: number })[]>,
  batch: number,
): AsyncIterable<RemediationHost> {
  let after: { key: string; ord: number } | null = null;
  for (;;) {
    const rows = await page(after);
    for (const { ord: _ord, ...row } of rows) yield row;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { key: last.key, ord: last.ord };
  }
}

const request: AuditRequest = {
  scope: { team: 'edge' },
  trigger: 'manual',
  scheduleId: null,
  requestedBy: DummyValue.STRING,
  formats: ['json'],
  destinationIds: [],
};

/** Fleet audits: their runs, the hits each stored, and the statements that compute their sections. */
@Injectable()
export class AuditsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Every hit of the audit in export order, streamed by hitsPage one page at a time (constant memory).
   * A property, not a method: the SQL snapshot lists hitsPage, the statement it runs.
   */
  readonly hits = (auditId: string, batch = 2000): AsyncIterable<AuditHit> => pages((after) => this.hitsPage(auditId, after, batch), batch);

  /** A queued audit; returns its id. */
  @GenerateSql({ params: [request] })
  async create(req: AuditRequest): Promise<string> {
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO audits (trigger, schedule_id, requested_by, scope, formats, destination_ids) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb) RETURNING id`,
      [req.trigger, req.scheduleId, req.requestedBy, JSON.stringify(req.scope), JSON.stringify(req.formats), JSON.stringify(req.destinationIds)],
    );
    return row.id;
  }

  /**
   * Marks the audit running (again, when a run was cut short), links the previous finished audit of its
   * scope and drops any hits a cut-short run stored; false when it is done already or does not exist.
   */
  @GenerateSql({ params: [DummyValue.UUID, 10] })
  async start(id: string, steps: number): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `UPDATE audits a SET status = 'running', started_at = now(), finished_at = NULL, error = NULL, summary = NULL, totals = NULL,
                progress = jsonb_build_object('step', 'starting', 'done', 0, 'total', $2::int), previous_audit_id = ${PREVIOUS_AUDIT_SQL('a')}
          WHERE a.id = $1 AND a.status <> 'done' RETURNING a.id`,
        [id, steps],
      );
      if (!rows.length) return false;
      await m.query(`DELETE FROM audit_hits WHERE audit_id = $1`, [id]);
      return true;
    });
  }

  @GenerateSql({ params: [DummyValue.UUID, { step: DummyValue.STRING, done: 1, total: 10 }] })
  async setProgress(id: string, progress: AuditProgress): Promise<void> {
    await this.ds.query(`UPDATE audits SET progress = $2::jsonb WHERE id = $1 AND status = 'running'`, [id, JSON.stringify(progress)]);
  }

  /** Stores the summary and marks the audit done (once: a finished audit is never rewritten). */
  @GenerateSql({ params: [DummyValue.UUID, { fleet: {} }, { critical: 0, warning: 0, info: 0, silenced: 0, hosts: 0 }] })
  async finish(id: string, summary: object, totals: AuditTotals): Promise<boolean> {
    const rows: { id: string }[] = await this.ds.query(
      `UPDATE audits SET status = 'done', finished_at = now(), summary = $2::jsonb, totals = $3::jsonb,
              progress = jsonb_build_object('step', 'done', 'done', progress->'total', 'total', progress->'total')
        WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, JSON.stringify(summary), JSON.stringify(totals)],
    );
    return rows.length > 0;
  }

  /** Marks a run failed for good; the hits it stored are dropped. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.STRING] })
  async fail(id: string, error: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE audits SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1 AND status <> 'done'`, [id, error.slice(0, 4000)]);
      await m.query(`DELETE FROM audit_hits WHERE audit_id = $1 AND (SELECT status FROM audits WHERE id = $1) = 'failed'`, [id]);
    });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<(AuditRow & { summary: unknown }) | null> {
    const rows: (AuditRow & { summary: unknown })[] = await this.ds.query(`SELECT ${ITEM}, a.summary FROM audits a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Newest first, all audits or one schedule's: the count, and one page after `after` (createdAt, id). */
  @GenerateSql(
    { name: 'first page', params: [{}, null, 50] },
    { name: 'one schedule, after a cursor', params: [{ scheduleId: DummyValue.UUID }, { v: '2026-01-01T00:00:00.000Z', id: DummyValue.UUID }, 50] },
  )
  async list(filter: { scheduleId?: string }, after: KeysetCursor | null, limit: number): Promise<AuditPage> {
    const params: unknown[] = [];
    const where = ['true'];
    if (filter.scheduleId) {
      params.push(filter.scheduleId);
      where.push(`a.schedule_id = $${params.length}::uuid`);
    }
    const [{ n }]: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM audits a WHERE ${where.join(' AND ')}`, params);
    if (after) {
      params.push(after.v, after.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: AuditRow[] = await this.ds.query(
      `SELECT ${ITEM} FROM audits a WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
    return { total: n, rows };
  }

  /** The previous finished audit of the audit's scope (the one `start` linked), with when it ran. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async previous(id: string): Promise<{ id: string; startedAt: Date } | null> {
    const rows: { id: string; startedAt: Date }[] = await this.ds.query(
      `SELECT p.id, p.started_at AS "startedAt" FROM audits a JOIN audits p ON p.id = a.previous_audit_id WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Audits queued (since they were created) or running (since they started) for longer than `seconds`: their
   * job may be gone (the inline queue's process died, Redis lost its data). Oldest first, at most `limit`.
   */
  @GenerateSql({ params: [600, 100] })
  async stranded(seconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM audits WHERE status IN ('queued', 'running') AND COALESCE(started_at, created_at) < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Deletes audits created more than `days` ago (their hits with them); returns how many. */
  @GenerateSql({ params: [365] })
  async pruneOlderThan(days: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.ds.query(
      `WITH d AS (DELETE FROM audits WHERE created_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [days],
    );
    return n;
  }

  /** The audit's stored hits in export order, read in keyset pages of `batch`: memory stays one page however many. */
  @GenerateSql({ params: [DummyValue.UUID, 0, 1000] })
  hitsPage(auditId: string, afterOrd: number, batch: number): Promise<(AuditHit & { ord: number })[]> {
    return this.ds.query(`SELECT ord, ${HIT_COLUMNS} FROM audit_hits WHERE audit_id = $1 AND ord > $2 ORDER BY ord LIMIT $3`, [auditId, afterOrd, batch]);
  }

  /** One page of the audit's unsilenced hits per remediation key (key, then export order), after (`key`, `ord`). */
  @GenerateSql(
    { name: 'first page', params: [DummyValue.UUID, null, 1000] },
    { name: 'after a row', params: [DummyValue.UUID, { key: DummyValue.STRING, ord: 1 }, 1000] },
  )
  remediationHostsPage(auditId: string, after: { key: string; ord: number } | null, batch: number): Promise<(RemediationHost & { ord: number })[]> {
    return this.ds.query(
      `SELECT x->>'key' AS key, x->>'title' AS title, x->>'text' AS text, x->>'effect' AS effect, ah.host_id AS "hostId", ah.hostname, ah.rule_id AS "ruleId", ah.subject, ah.ord
         FROM audit_hits ah CROSS JOIN jsonb_array_elements(ah.remediation) x
        WHERE ah.audit_id = $1 AND NOT ah.silenced ${after ? `AND (x->>'key', ah.ord) > ($3::text, $4::int)` : ''}
        ORDER BY x->>'key', ah.ord LIMIT $2`,
      after ? [auditId, batch, after.key, after.ord] : [auditId, batch],
    );
  }

  /**
   * Every host each remediation applies to (all of them, where the summary keeps 20), by key: what the
   * JSON and CSV exports list. Streamed page by page like `hits`.
   */
  readonly hitsByRemediation = (auditId: string, batch = 2000): AsyncIterable<RemediationHost> =>
    remediationPages((after) => this.remediationHostsPage(auditId, after, batch), batch);

  // The sections. Each runs one statement over the database; lists are cut at `limit` rows per group.

  /** Copies the scope's current hits into audit_hits; returns how many. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async snapshotHits(auditId: string): Promise<number> {
    const result: unknown = await this.ds.query(SNAPSHOT_HITS_SQL, [auditId]);
    // node-postgres answers an INSERT with [rows, rowCount] through TypeORM.
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async fleet(auditId: string): Promise<FleetRow> {
    const [row]: FleetRow[] = await this.ds.query(FLEET_SQL, [auditId]);
    return row;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  notEvaluated(auditId: string): Promise<NotEvaluatedRow[]> {
    return this.ds.query(NOT_EVALUATED_SQL, [auditId]);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findingsByRule(auditId: string): Promise<FindingsByRuleRow[]> {
    return this.ds.query(FINDINGS_BY_RULE_SQL, [auditId]);
  }

  @GenerateSql({ params: [DummyValue.UUID, 20] })
  silenced(auditId: string, limit: number): Promise<SilencedHitRow[]> {
    return this.ds.query(SILENCED_SQL, [auditId, limit]);
  }

  @GenerateSql({ params: [DummyValue.UUID, 20] })
  hitChanges(auditId: string, limit: number): Promise<HitChangeRow[]> {
    return this.ds.query(HIT_CHANGES_SQL, [auditId, limit]);
  }

  @GenerateSql({ params: [DummyValue.UUID, 20] })
  hostChanges(auditId: string, limit: number): Promise<HostChangeRow[]> {
    return this.ds.query(HOST_CHANGES_SQL, [auditId, limit]);
  }

  @GenerateSql({ params: [DummyValue.UUID, 20] })
  remediations(auditId: string, limit: number): Promise<RemediationRow[]> {
    return this.ds.query(REMEDIATIONS_SQL, [auditId, limit]);
  }

  /** `worstKeys`: per rule, the evidence key whose value ranks its hosts (and names the worst in the headline). */
  @GenerateSql({ params: [DummyValue.UUID, 20, { 'envoy-wasm-vm-explosion': 'vms' }] })
  patterns(auditId: string, limit: number, worstKeys: Record<string, string>): Promise<PatternRow[]> {
    return this.ds.query(PATTERNS_SQL, [auditId, limit, JSON.stringify(worstKeys)]);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  fixes(auditId: string): Promise<FixesRow[]> {
    return this.ds.query(FIXES_SQL, [auditId]);
  }
}
