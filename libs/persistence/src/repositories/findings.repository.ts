import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import type { Evidence, MissingFact, Outcome, Remediation, Severity } from '@memfleet/contracts';
import { copyOut } from '../copy-out';
import { DummyValue, GenerateSql } from '../generate-sql';
import { preparedQuery } from '../prepared';
import { FINDING_CSV_JOINS, FINDING_CSV_SELECT } from './finding-csv-sql';
import { FINDING_SELECT, SqlParams, type ExportRow, type KeysetCursor, type KeysetKind } from './sql-fragments';

/** A rule's latest result for one host × subject, as the API lists it. */
export interface FindingRow {
  id: string;
  hostId: string;
  hostname: string;
  ruleId: string;
  ruleVersion: number;
  subject: string;
  outcome: Outcome;
  severity: Severity | null;
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  missing: MissingFact[];
  thresholds: Record<string, number>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** When the current hit began; null while not a hit. */
  openedAt: Date | null;
  resolvedAt: Date | null;
  /** An active silence covers it: still recorded, left out of totals. */
  silenced: boolean;
  /** The active silence covering it (the one that ends last); null when not silenced. */
  silence: FindingSilence | null;
}

/** Who silenced a finding, why and until when; `expiresAt` is an ISO string. */
export interface FindingSilence {
  id: string;
  reason: string;
  author: string;
  expiresAt: string;
}

/** A finding as a report's answer carries it. */
export type FindingResultRow = Pick<
  FindingRow,
  'ruleId' | 'ruleVersion' | 'subject' | 'outcome' | 'severity' | 'summary' | 'evidence' | 'remediation' | 'missing' | 'silenced'
>;

export interface FindingFilter {
  outcome?: Outcome;
  severity?: Severity;
  rule?: string;
  silenced?: boolean;
  hostId?: string;
  /** Every label of the host must match. */
  labels?: Record<string, string>;
}

const SEVERITY_RANK = `CASE f.severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 WHEN 'info' THEN 1 ELSE 0 END`;
/** Sort orders of the finding list; the key is the API's `sort` value. */
const FINDING_SORTS = {
  '-lastSeenAt': { expr: 'f.last_seen_at', desc: true, kind: 'timestamp' },
  lastSeenAt: { expr: 'f.last_seen_at', desc: false, kind: 'timestamp' },
  severity: { expr: SEVERITY_RANK, desc: true, kind: 'integer' },
  '-openedAt': { expr: `COALESCE(f.opened_at, 'epoch'::timestamptz)`, desc: true, kind: 'timestamp' },
} as const satisfies Record<string, { expr: string; desc: boolean; kind: KeysetKind }>;
export type FindingSort = keyof typeof FINDING_SORTS;
/** The type of a finding sort's key, which a cursor's value must have. */
export const findingSortKind = (sort: FindingSort): KeysetKind => FINDING_SORTS[sort].kind;

export interface FindingPage {
  total: number;
  /** Up to limit + 1 rows: one more than the page says there is a next page. `sort_value` feeds the cursor. */
  rows: (FindingRow & { sort_value: Date | string | number })[];
}

/** Severity counts of the hosts one rule hits. */
export interface HostsAffectedRow {
  rule_id: string;
  critical: number;
  warning: number;
  info: number;
}

const FINDING_RESULT_COLUMNS = `rule_id AS "ruleId", rule_version AS "ruleVersion", subject, outcome, severity, summary, evidence, remediation, missing, silenced`;
const everyFilter: FindingFilter = {
  outcome: 'hit',
  severity: 'warning',
  rule: DummyValue.STRING,
  silenced: false,
  hostId: DummyValue.UUID,
  labels: { env: 'prod' },
};

const FINDING_FROM = `FROM findings f JOIN hosts h ON h.id = f.host_id`;

/** The conditions of `filter` on findings f JOIN hosts h (active hosts only). */
function findingWhere(filter: FindingFilter, p: Pick<SqlParams, 'add'>): string[] {
  const where = ['h.retired_at IS NULL'];
  if (filter.outcome) where.push(`f.outcome = ${p.add(filter.outcome)}`);
  if (filter.severity) where.push(`f.severity = ${p.add(filter.severity)}`);
  if (filter.rule) where.push(`f.rule_id = ${p.add(filter.rule)}`);
  if (filter.silenced !== undefined) where.push(filter.silenced ? 'f.silenced' : 'NOT f.silenced');
  if (filter.hostId) where.push(`f.host_id = ${p.add(filter.hostId)}::uuid`);
  if (filter.labels && Object.keys(filter.labels).length) where.push(`h.labels @> ${p.add(JSON.stringify(filter.labels))}::jsonb`);
  return where;
}

/** Findings (one row per host × rule × subject) as the read side lists and counts them. */
@Injectable()
export class FindingsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Findings of active hosts matching `filter`: the count, and one page in `sort` order after `after`. */
  @GenerateSql(
    { name: 'hits, newest first, first page', params: [{ outcome: 'hit' }, '-lastSeenAt', null, 50] },
    { name: 'every filter, by severity, after a cursor', params: [everyFilter, 'severity', { v: 3, id: DummyValue.UUID }, 50] },
    { name: 'silenced only, by opening time', params: [{ silenced: true }, '-openedAt', null, 50] },
  )
  async list(filter: FindingFilter, sortBy: FindingSort, after: KeysetCursor | null, limit: number): Promise<FindingPage> {
    const p = new SqlParams();
    const where = findingWhere(filter, p);
    const total: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n ${FINDING_FROM} WHERE ${where.join(' AND ')}`, p.values);
    const sort = FINDING_SORTS[sortBy];
    if (after) where.push(`(${sort.expr}, f.id) ${sort.desc ? '<' : '>'} (${p.add(after.v)}, ${p.add(after.id)}::uuid)`);
    const dir = sort.desc ? 'DESC' : 'ASC';
    const rows: FindingPage['rows'] = await this.ds.query(
      `SELECT ${FINDING_SELECT}, ${sort.expr} AS sort_value ${FINDING_FROM} WHERE ${where.join(' AND ')} ORDER BY ${sort.expr} ${dir}, f.id ${dir} LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return { total: total[0].n, rows };
  }

  /**
   * One batch of the findings export: up to `limit` findings matching `filter` after `after`, without a
   * count. In id order when `sortBy` is null (a row whose sort key changes while the export runs cannot
   * be skipped or repeated), else in that sort order. `sort_value` is the key as text, exact to the
   * microsecond, so the next batch starts right after it.
   */
  @GenerateSql(
    { name: 'every filter, id order, after a row', params: [everyFilter, null, { v: null, id: DummyValue.UUID }, 5000] },
    { name: 'hits by severity, first batch', params: [{ outcome: 'hit' }, 'severity', null, 5000] },
    { name: 'newest first, after a row', params: [{ outcome: 'hit' }, '-lastSeenAt', { v: '2026-01-01 00:00:00.123456+00', id: DummyValue.UUID }, 5000] },
  )
  exportBatch(filter: FindingFilter, sortBy: FindingSort | null, after: KeysetCursor | null, limit: number): Promise<ExportRow<FindingRow>[]> {
    const p = new SqlParams();
    const where = findingWhere(filter, p);
    const sort = sortBy ? FINDING_SORTS[sortBy] : { expr: 'f.id', desc: false };
    if (after)
      where.push(sortBy ? `(${sort.expr}, f.id) ${sort.desc ? '<' : '>'} (${p.add(after.v)}, ${p.add(after.id)}::uuid)` : `f.id > ${p.add(after.id)}::uuid`);
    const dir = sort.desc ? 'DESC' : 'ASC';
    const order = sortBy ? `${sort.expr} ${dir}, f.id ${dir}` : 'f.id';
    return this.ds.query(
      `SELECT ${FINDING_SELECT}, (${sort.expr})::text AS sort_value ${FINDING_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /**
   * The findings CSV of the export (without its header), written by PostgreSQL: `COPY … TO STDOUT WITH CSV` of
   * the cells FINDING_CSV_SELECT computes, the filters and order of exportBatch, on a connection of its own
   * (see copyOut). COPY takes no bind parameters, so every value is inlined as an escaped literal. Records
   * end with LF (see crlfRecords in libs/exports). Real PostgreSQL only: embedded PGlite serves no COPY.
   */
  @GenerateSql(
    { name: 'every filter, id order', params: [everyFilter, null] },
    { name: 'hits by severity', params: [{ outcome: 'hit' }, 'severity'] },
    { name: 'everything, newest first', params: [{}, '-lastSeenAt'] },
  )
  exportCsv(filter: FindingFilter, sortBy: FindingSort | null): Promise<Readable> {
    const where = findingWhere(filter, { add: (v) => escapeLiteral(String(v)) });
    const sort = sortBy ? FINDING_SORTS[sortBy] : null;
    const order = sort ? `${sort.expr} ${sort.desc ? 'DESC' : 'ASC'}, f.id ${sort.desc ? 'DESC' : 'ASC'}` : 'f.id';
    return copyOut(
      this.ds,
      `COPY (SELECT ${FINDING_CSV_SELECT} ${FINDING_FROM} ${FINDING_CSV_JOINS} WHERE ${where.join(' AND ')} ORDER BY ${order}) TO STDOUT WITH (FORMAT csv)`,
    );
  }

  /** Every finding of the host, by rule and subject. */
  @GenerateSql({ params: [DummyValue.UUID] })
  ofHost(hostId: string): Promise<FindingRow[]> {
    return this.ds.query(`SELECT ${FINDING_SELECT} FROM findings f JOIN hosts h ON h.id = f.host_id WHERE f.host_id = $1 ORDER BY f.rule_id, f.subject`, [
      hostId,
    ]);
  }

  /**
   * A host's findings as its latest evaluation left them: the answer to each of its report posts, so a
   * prepared statement on the host's key (its reports are partitioned by day, and the caller knows the host).
   */
  @GenerateSql({ params: [DummyValue.UUID] })
  resultsOfHost(hostId: string): Promise<FindingResultRow[]> {
    return preparedQuery<FindingResultRow>(
      this.ds,
      'memfleet-host-findings',
      `SELECT ${FINDING_RESULT_COLUMNS} FROM findings WHERE host_id = $1 ORDER BY rule_id, subject`,
      [hostId],
    );
  }

  /** The findings of a report's host as its latest evaluation left them (unchanged rows keep the report that last changed them). */
  @GenerateSql({ params: [DummyValue.UUID] })
  ofReportHost(reportId: string): Promise<FindingResultRow[]> {
    return this.ds.query(
      `SELECT ${FINDING_RESULT_COLUMNS} FROM findings WHERE host_id = (SELECT host_id FROM reports WHERE id = $1) ORDER BY rule_id, subject`,
      [reportId],
    );
  }

  /** Per rule (or for one rule), the active hosts it hits unsilenced, by severity. */
  @GenerateSql({ name: 'every rule', params: [] }, { name: 'one rule', params: [DummyValue.STRING] })
  hostsAffected(ruleId?: string): Promise<HostsAffectedRow[]> {
    return this.ds.query(
      `SELECT f.rule_id, count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'critical')::int AS critical,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'warning')::int AS warning,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'info')::int AS info
         FROM findings f JOIN hosts h ON h.id = f.host_id
        WHERE f.outcome = 'hit' AND NOT f.silenced AND h.retired_at IS NULL ${ruleId ? 'AND f.rule_id = $1' : ''} GROUP BY f.rule_id`,
      ruleId ? [ruleId] : [],
    );
  }
}
