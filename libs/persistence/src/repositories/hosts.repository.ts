import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { HostSearchTerm, Severity } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';
import { HOST_SELECT, likeEscaped, SqlParams, STALE_SQL, type ExportRow, type KeysetCursor, type KeysetKind } from './sql-fragments';

/** A host's admin labels before and after a change. */
export interface AdminLabelChange {
  old: Record<string, string>;
  new: Record<string, string>;
}

/** A host as the API lists it; the three counts are its unsilenced hits by severity. */
export interface HostRow {
  id: string;
  hostname: string;
  machineId: string;
  labels: Record<string, string>;
  lastSeenAt: Date | null;
  intervalSeconds: number;
  stale: boolean;
  retiredAt: Date | null;
  agentVersion: string | null;
  architecture: string | null;
  hypervisor: string | null;
  kernelRelease: string | null;
  thpEnabled: string | null;
  overcommitMemory: number | null;
  cpuOnlineCount: number | null;
  memTotalBytes: number | null;
  critical_count: number;
  warning_count: number;
  info_count: number;
}

export interface HostFilter {
  /** Include retired hosts. */
  retired?: boolean;
  /** Terms of a parsed hosts search (parseHostSearch); every one must match. */
  search?: HostSearchTerm[];
  /** Every label must match. */
  labels?: Record<string, string>;
  /** Hosts with an unsilenced hit of this rule. */
  rule?: string;
  /** Hosts with at least one unsilenced hit of this severity. */
  severity?: Severity;
  stale?: boolean;
  hypervisor?: string;
  /** The overview's distributions: hosts with this fact value. */
  thpEnabled?: string;
  overcommitMemory?: number;
  cpuOnlineCount?: number;
  architecture?: string;
  /** Hosts running at least one process on this allocator. */
  allocator?: string;
}

// In milliseconds, as a cursor carries it (a JavaScript date): a key in microseconds would repeat a row after its cursor.
const LAST_SEEN_KEY = `date_trunc('milliseconds', COALESCE(h.last_seen_at, 'epoch'::timestamptz))`;

/** Sort orders of the host list; the key is the API's `sort` value. Each but last report has a (key, id) index (migration HostInventory). */
const HOST_SORTS = {
  hostname: { expr: 'h.hostname', desc: false, kind: 'text' },
  '-hostname': { expr: 'h.hostname', desc: true, kind: 'text' },
  lastSeenAt: { expr: LAST_SEEN_KEY, desc: false, kind: 'timestamp' },
  '-lastSeenAt': { expr: LAST_SEEN_KEY, desc: true, kind: 'timestamp' },
  memTotalBytes: { expr: 'COALESCE(h.mem_total_bytes, -1)', desc: false, kind: 'bigint' },
  '-memTotalBytes': { expr: 'COALESCE(h.mem_total_bytes, -1)', desc: true, kind: 'bigint' },
  cpuOnlineCount: { expr: 'COALESCE(h.cpu_online_count, -1)', desc: false, kind: 'integer' },
  '-cpuOnlineCount': { expr: 'COALESCE(h.cpu_online_count, -1)', desc: true, kind: 'integer' },
  critical: { expr: 'h.critical_count', desc: false, kind: 'integer' },
  '-critical': { expr: 'h.critical_count', desc: true, kind: 'integer' },
  warning: { expr: 'h.warning_count', desc: false, kind: 'integer' },
  '-warning': { expr: 'h.warning_count', desc: true, kind: 'integer' },
} as const satisfies Record<string, { expr: string; desc: boolean; kind: KeysetKind }>;
export type HostSort = keyof typeof HOST_SORTS;
/** The type of a host sort's key, which a cursor's value must have. */
export const hostSortKind = (sort: HostSort): KeysetKind => HOST_SORTS[sort].kind;

export interface HostPage {
  total: number;
  /** Up to limit + 1 rows: one more than the page says there is a next page. `sort_value` feeds the cursor. */
  rows: (HostRow & { sort_value: Date | string | number })[];
}

/** Runtimes of one kind and version across the active fleet. */
export interface RuntimeInventoryRow {
  kind: string;
  /** Null: the agent could not read the version. */
  version: string | null;
  /** Active hosts running it. */
  hosts: number;
  /** Processes running it, over those hosts. */
  processes: number;
}

/** Orders of the runtime inventory; each ends in (kind, version), which is unique, so pages are stable. */
const INVENTORY_SORTS = {
  '-hosts': 'hosts DESC, kind, version_key NULLS FIRST, version NULLS FIRST',
  hosts: 'hosts, kind, version_key NULLS FIRST, version NULLS FIRST',
  kind: 'kind, version_key NULLS FIRST, version NULLS FIRST',
  '-kind': 'kind DESC, version_key DESC NULLS LAST, version DESC NULLS LAST',
} as const;
export type InventorySort = keyof typeof INVENTORY_SORTS;
export const INVENTORY_SORT_KEYS = Object.keys(INVENTORY_SORTS) as InventorySort[];

export interface EnrollingHost {
  machineId: string;
  /** '' when the host has no DMI product UUID, so the identity index stays unique. */
  dmiProductUuid: string;
  hostname: string;
  labels: Record<string, string>;
}

/** An admin's permission for one existing host to enroll again, once, until it expires. */
export interface ReenrollGrantRow {
  hostId: string;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date;
}

const everySearch: HostSearchTerm[] = [
  { key: 'word', value: 'envoy' },
  { key: 'runtime', value: 'envoy' },
  { key: 'version', op: '<', value: '1.34' },
  { key: 'process', value: 'envoy' },
  { key: 'kernel', value: '6.1' },
  { key: 'ip', value: '10.0.0.5' },
  { key: 'label', label: 'team', value: 'edge' },
];
const everyFilter: HostFilter = {
  search: everySearch,
  labels: { env: 'prod' },
  rule: DummyValue.STRING,
  severity: 'critical',
  stale: true,
  hypervisor: 'kvm',
  thpEnabled: 'always',
  overcommitMemory: 1,
  cpuOnlineCount: 8,
  architecture: 'x86_64',
  allocator: 'jemalloc',
};

/** What a plain search word matches, each text under its own trigram index (migration HostInventory); the inventory text holds the addresses. */
const WORD_SQL = (pattern: string) =>
  `(lower(h.hostname) LIKE ${pattern} OR lower(h.machine_id) LIKE ${pattern} OR lower(h.labels::text) LIKE ${pattern} OR lower(h.kernel_release) LIKE ${pattern} OR h.inventory_text LIKE ${pattern})`;
const VERSION_SQL = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=' } as const;

/**
 * The conditions of search terms on hosts h. Runtime, version and process terms hold on one process's
 * runtime together (runtime:envoy version:<1.34 is an Envoy older than 1.34, not any old runtime beside an Envoy).
 */
function searchWhere(terms: HostSearchTerm[], p: SqlParams): { where: string[]; labels: Record<string, string> } {
  const where: string[] = [];
  const runtime: string[] = [];
  const labels: Record<string, string> = {};
  for (const t of terms) {
    switch (t.key) {
      case 'word':
        where.push(WORD_SQL(p.add(`%${likeEscaped(t.value.toLowerCase())}%`)));
        break;
      case 'kernel':
        where.push(`h.kernel_release LIKE ${p.add(`${likeEscaped(t.value)}%`)}`);
        break;
      case 'ip':
        where.push(`h.addresses @> ARRAY[${p.add(t.value)}::text]`);
        break;
      case 'label':
        labels[t.label] = t.value;
        break;
      case 'runtime':
        runtime.push(`r.kind = ${p.add(t.value)}`);
        break;
      case 'version':
        runtime.push(`r.version_key ${VERSION_SQL[t.op]} memfleet_version_key(${p.add(t.value)})`);
        break;
      case 'process':
        runtime.push(`r.names @> ARRAY[${p.add(t.value.toLowerCase())}::text]`);
        break;
    }
  }
  if (runtime.length) where.push(`EXISTS (SELECT 1 FROM host_runtimes r WHERE r.host_id = h.id AND ${runtime.join(' AND ')})`);
  return { where, labels };
}

/** The conditions of `filter` on hosts h. */
function hostWhere(filter: HostFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.retired) where.push('h.retired_at IS NULL');
  const search = searchWhere(filter.search ?? [], p);
  where.push(...search.where);
  for (const labels of [search.labels, filter.labels ?? {}]) if (Object.keys(labels).length) where.push(`h.labels @> ${p.add(JSON.stringify(labels))}::jsonb`);
  if (filter.rule)
    where.push(`EXISTS (SELECT 1 FROM findings f WHERE f.host_id = h.id AND f.rule_id = ${p.add(filter.rule)} AND f.outcome = 'hit' AND NOT f.silenced)`);
  if (filter.severity) where.push(`h.${filter.severity}_count > 0`);
  if (filter.stale !== undefined) where.push(filter.stale ? STALE_SQL : `NOT ${STALE_SQL}`);
  if (filter.hypervisor) where.push(`h.hypervisor = ${p.add(filter.hypervisor)}`);
  if (filter.thpEnabled) where.push(`h.thp_enabled = ${p.add(filter.thpEnabled)}`);
  if (filter.overcommitMemory !== undefined) where.push(`h.overcommit_memory = ${p.add(filter.overcommitMemory)}`);
  if (filter.cpuOnlineCount !== undefined) where.push(`h.cpu_online_count = ${p.add(filter.cpuOnlineCount)}`);
  if (filter.architecture) where.push(`h.architecture = ${p.add(filter.architecture)}`);
  if (filter.allocator) where.push(`(h.allocator_counts->>${p.add(filter.allocator)})::int > 0`);
  return where;
}

/** Hosts: enrolment, the fleet list, labels, retirement, and the host totals of findings. */
@Injectable()
export class HostsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Creates the host with the hash of its first agent token when its identity is new; an existing identity is
   * left as it is (enrolling it again takes a grant: `reenroll`). One statement; when a concurrent enroll of the
   * same identity commits while this one waits, its snapshot misses that row, so it looks again.
   */
  @GenerateSql({ params: [{ machineId: DummyValue.STRING, dmiProductUuid: '', hostname: DummyValue.STRING, labels: {} }, DummyValue.HASH] })
  async enroll(host: EnrollingHost, tokenHash: string): Promise<{ hostId: string; created: boolean }> {
    for (;;) {
      const rows: { id: string; created: boolean }[] = await this.ds.query(
        `WITH created AS (
           INSERT INTO hosts (machine_id, dmi_product_uuid, hostname, agent_labels, labels) VALUES ($1, $2, $3, $4::jsonb, $4::jsonb)
           ON CONFLICT (machine_id, dmi_product_uuid) DO NOTHING RETURNING id),
         token AS (INSERT INTO agent_tokens (host_id, token_hash) SELECT id, $5 FROM created)
         SELECT id, true AS created FROM created
         UNION ALL
         SELECT id, false AS created FROM hosts WHERE machine_id = $1 AND dmi_product_uuid = $2 AND NOT EXISTS (SELECT 1 FROM created)`,
        [host.machineId, host.dmiProductUuid, host.hostname, JSON.stringify(host.labels), tokenHash],
      );
      if (rows.length) return { hostId: rows[0].id, created: rows[0].created };
    }
  }

  /**
   * Enrols an existing host again when it holds an unexpired re-enroll grant, which this uses up: the host is
   * revived with the new hostname and agent labels, its previous agent tokens are revoked and the new one
   * stored, all in one statement. Returns how many tokens were revoked, or null (nothing changed) without a grant.
   */
  @GenerateSql({ params: [DummyValue.UUID, { machineId: DummyValue.STRING, dmiProductUuid: '', hostname: DummyValue.STRING, labels: {} }, DummyValue.HASH] })
  async reenroll(hostId: string, host: EnrollingHost, tokenHash: string): Promise<number | null> {
    const [row]: { granted: boolean; revoked: number }[] = await this.ds.query(
      `WITH grant_used AS (DELETE FROM reenroll_grants WHERE host_id = $1 AND expires_at > now() RETURNING host_id),
         revived AS (
           UPDATE hosts h SET hostname = $2, retired_at = NULL, agent_labels = $3::jsonb, labels = $3::jsonb || h.admin_labels
             FROM grant_used g WHERE h.id = g.host_id RETURNING h.id),
         revoked AS (
           UPDATE agent_tokens t SET revoked_at = now() FROM grant_used g WHERE t.host_id = g.host_id AND t.revoked_at IS NULL RETURNING t.id),
         token AS (INSERT INTO agent_tokens (host_id, token_hash) SELECT host_id, $4 FROM grant_used)
       SELECT EXISTS (SELECT 1 FROM revived) AS granted, (SELECT count(*) FROM revoked)::int AS revoked`,
      [hostId, host.hostname, JSON.stringify(host.labels), tokenHash],
    );
    return row.granted ? row.revoked : null;
  }

  /**
   * Lets the host enroll again once before `expiresAt` (replacing an earlier grant of it). Null when no such host.
   */
  @GenerateSql({ params: [DummyValue.UUID, new Date(0), DummyValue.STRING] })
  async grantReenroll(hostId: string, expiresAt: Date, createdBy: string | null, manager?: EntityManager): Promise<ReenrollGrantRow | null> {
    const rows: ReenrollGrantRow[] = await (manager ?? this.ds).query(
      `INSERT INTO reenroll_grants (host_id, expires_at, created_by) SELECT id, $2, $3 FROM hosts WHERE id = $1
       ON CONFLICT (host_id) DO UPDATE SET expires_at = EXCLUDED.expires_at, created_by = EXCLUDED.created_by, created_at = now()
       RETURNING host_id AS "hostId", created_at AS "createdAt", created_by AS "createdBy", expires_at AS "expiresAt"`,
      [hostId, expiresAt, createdBy],
    );
    return rows[0] ?? null;
  }

  /** The number of hosts matching `filter`, and one page of them in `sort` order after `after`. */
  @GenerateSql(
    { name: 'no filter, by hostname, first page', params: [{}, 'hostname', null, 50] },
    {
      name: 'every filter, by last report descending, after a cursor',
      params: [everyFilter, '-lastSeenAt', { v: '2026-01-01T00:00:00.000Z', id: DummyValue.UUID }, 50],
    },
  )
  async list(filter: HostFilter, sortBy: HostSort, after: KeysetCursor | null, limit: number): Promise<HostPage> {
    const p = new SqlParams();
    const where = hostWhere(filter, p);
    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const totalRows: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM hosts h ${filterSql}`, p.values);

    const sort = HOST_SORTS[sortBy];
    const pageWhere = [...where];
    if (after) pageWhere.push(`(${sort.expr}, h.id) ${sort.desc ? '<' : '>'} (${p.add(after.v)}, ${p.add(after.id)}::uuid)`);
    const rows: HostPage['rows'] = await this.ds.query(
      `SELECT ${HOST_SELECT}, ${sort.expr} AS sort_value FROM hosts h ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY ${sort.expr} ${sort.desc ? 'DESC' : 'ASC'}, h.id ${sort.desc ? 'DESC' : 'ASC'} LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return { total: totalRows[0].n, rows };
  }

  /**
   * Runtime kinds and versions of the active fleet's latest configurations with their host and process counts
   * (host_runtimes, kept by migration HostInventory's trigger), one page of them after `offset` and the number of them.
   */
  @GenerateSql({ name: 'most hosts first', params: [null, '-hosts', 0, 50] }, { name: 'one kind, by version', params: ['envoy', 'kind', 50, 50] })
  async runtimeInventory(kind: string | null, sortBy: InventorySort, offset: number, limit: number): Promise<{ total: number; rows: RuntimeInventoryRow[] }> {
    const [page]: { total: number; rows: RuntimeInventoryRow[] | null }[] = await this.ds.query(
      `WITH g AS MATERIALIZED (
         SELECT r.kind, r.version, r.version_key, count(DISTINCT r.host_id)::int AS hosts, count(*)::int AS processes
           FROM host_runtimes r JOIN hosts h ON h.id = r.host_id
          WHERE r.kind IS NOT NULL AND h.retired_at IS NULL AND ($1::text IS NULL OR r.kind = $1)
          GROUP BY r.kind, r.version_key, r.version)
       SELECT (SELECT count(*)::int FROM g) AS total,
              (SELECT json_agg(json_build_object('kind', kind, 'version', version, 'hosts', hosts, 'processes', processes) ORDER BY n)
                 FROM (SELECT *, row_number() OVER (ORDER BY ${INVENTORY_SORTS[sortBy]}) AS n FROM g ORDER BY n LIMIT $2 OFFSET $3) pg) AS rows`,
      [kind, limit, offset],
    );
    return { total: page.total, rows: page.rows ?? [] };
  }

  /**
   * One batch of the hosts export: up to `limit` hosts matching `filter` after `after`, without a count. In
   * id order when `sortBy` is null (a host whose counts or last report change while the export runs cannot
   * be skipped or repeated), else in that sort order; `sort_value` is the key as exact text.
   */
  @GenerateSql(
    { name: 'every filter, id order, after a row', params: [everyFilter, null, { v: null, id: DummyValue.UUID }, 5000] },
    { name: 'by hostname, first batch', params: [{}, 'hostname', null, 5000] },
    { name: 'by most critical, after a row', params: [{ retired: true }, '-critical', { v: '3', id: DummyValue.UUID }, 5000] },
  )
  exportBatch(filter: HostFilter, sortBy: HostSort | null, after: KeysetCursor | null, limit: number): Promise<ExportRow<HostRow>[]> {
    const p = new SqlParams();
    const where = hostWhere(filter, p);
    const sort = sortBy ? HOST_SORTS[sortBy] : { expr: 'h.id', desc: false };
    if (after)
      where.push(sortBy ? `(${sort.expr}, h.id) ${sort.desc ? '<' : '>'} (${p.add(after.v)}, ${p.add(after.id)}::uuid)` : `h.id > ${p.add(after.id)}::uuid`);
    const dir = sort.desc ? 'DESC' : 'ASC';
    return this.ds.query(
      `SELECT ${HOST_SELECT}, (${sort.expr})::text AS sort_value FROM hosts h ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${sortBy ? `${sort.expr} ${dir}, h.id ${dir}` : 'h.id'} LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async summary(id: string): Promise<HostRow | null> {
    const rows: HostRow[] = await this.ds.query(`SELECT ${HOST_SELECT} FROM hosts h WHERE h.id = $1`, [id]);
    return rows[0] ?? null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async exists(id: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM hosts WHERE id = $1`, [id])).length > 0;
  }

  /**
   * Sets admin labels and removes the `remove` keys; the effective labels are agent labels overlaid by admin
   * labels. Returns the admin labels before and after (read under the row lock), or null when no such host.
   */
  @GenerateSql({ params: [DummyValue.UUID, { team: 'a' }, ['old']] })
  async updateLabels(id: string, set: Record<string, string>, remove: string[], manager?: EntityManager): Promise<AdminLabelChange | null> {
    // TypeORM's query() returns [rows, count] for a bare UPDATE/DELETE; wrapping it in a CTE makes it a SELECT.
    const rows: AdminLabelChange[] = await (manager ?? this.ds).query(
      `WITH before AS (SELECT id, admin_labels FROM hosts WHERE id = $1 FOR UPDATE),
       changed AS (UPDATE hosts h SET admin_labels = (h.admin_labels - $3::text[]) || $2::jsonb, labels = h.agent_labels || ((h.admin_labels - $3::text[]) || $2::jsonb),
          -- labels select silences: the host's next report runs every rule
          evaluated_context = NULL
        FROM before b WHERE h.id = b.id RETURNING b.admin_labels AS old, h.admin_labels AS new) SELECT old, new FROM changed`,
      [id, JSON.stringify(set), remove],
    );
    return rows[0] ?? null;
  }

  /** Deletes the host with its reports, findings and agent tokens (foreign keys cascade). Returns who it was, or null when no such host. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async remove(id: string, manager?: EntityManager): Promise<{ hostname: string; machineId: string } | null> {
    const rows: { hostname: string; machineId: string }[] = await (manager ?? this.ds).query(
      `WITH gone AS (DELETE FROM hosts WHERE id = $1 RETURNING hostname, machine_id) SELECT hostname, machine_id AS "machineId" FROM gone`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Hosts silent for `days` are retired: hidden from lists and totals, kept for audits. Returns how many. */
  @GenerateSql({ params: [30] })
  async retireSilent(days: number): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `WITH retired AS (
       UPDATE hosts SET retired_at = now() WHERE retired_at IS NULL AND last_seen_at < now() - make_interval(days => $1) RETURNING id)
     SELECT count(*)::int AS n FROM retired`,
      [days],
    );
    return rows[0].n;
  }

  /** Ids of active hosts that have a report, after `afterId` in id order. */
  @GenerateSql({ params: [DummyValue.UUID, 4000] })
  async reportingIdsAfter(afterId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM hosts WHERE retired_at IS NULL AND latest_report_id IS NOT NULL AND id > $1 ORDER BY id LIMIT ${Math.trunc(limit)}`,
      [afterId],
    );
    return rows.map((r) => r.id);
  }

  /** The latest report of each of these hosts that has one. */
  @GenerateSql({ params: [[DummyValue.UUID]] })
  async latestReportIds(hostIds: string[]): Promise<string[]> {
    const rows: { latest_report_id: string }[] = await this.ds.query(
      `SELECT latest_report_id FROM hosts WHERE id = ANY($1::uuid[]) AND latest_report_id IS NOT NULL`,
      [hostIds],
    );
    return rows.map((r) => r.latest_report_id);
  }

  /** Host totals from stored findings, leaving silenced ones out. */
  @GenerateSql({ params: [[DummyValue.UUID]] })
  async recountHits(hostIds: string[]): Promise<void> {
    await this.ds.query(
      `
UPDATE hosts h SET
  critical_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'critical'),
  warning_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'warning'),
  info_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'info')
WHERE h.id = ANY($1::uuid[])`,
      [hostIds],
    );
  }
  /**
   * Retires a host now, as MEMFLEET_RETIRE_DAYS of silence would: hidden from lists, totals and stale alerts,
   * kept (reports, findings) for audits; a new report from it brings it back. Null when no such host;
   * `already` when it was retired before (its retirement time is kept).
   */
  @GenerateSql({ params: [DummyValue.UUID] })
  async retire(id: string, manager?: EntityManager): Promise<{ hostname: string; machineId: string; already: boolean } | null> {
    const rows: { hostname: string; machineId: string; already: boolean }[] = await (manager ?? this.ds).query(
      `WITH before AS (SELECT id, retired_at FROM hosts WHERE id = $1 FOR UPDATE),
       done AS (UPDATE hosts h SET retired_at = COALESCE(before.retired_at, now()) FROM before WHERE h.id = before.id
                RETURNING h.hostname, h.machine_id AS "machineId", before.retired_at IS NOT NULL AS already)
       SELECT * FROM done`,
      [id],
    );
    return rows[0] ?? null;
  }
}
