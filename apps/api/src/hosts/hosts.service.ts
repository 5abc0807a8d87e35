import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkLabels, upgradeFactsV1, type Configuration, type Metrics } from '@memfleet/contracts';
import { TokenService } from '../auth/token.service';
import { decodeCursor, encodeCursor, parseLabels, SqlParams } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { FINDING_SELECT } from '../findings/finding-columns';
import type { HostDetailDto, HostPageDto, HostsQueryDto, HostSummaryDto, ReportFactsDto } from './dto/hosts.dto';
import { HOST_SELECT, STALE_SQL, toHostSummary, type HostRow } from './host-columns';

const SORTS: Record<string, { expr: string; desc: boolean }> = {
  hostname: { expr: 'h.hostname', desc: false },
  '-hostname': { expr: 'h.hostname', desc: true },
  lastSeenAt: { expr: `COALESCE(h.last_seen_at, 'epoch'::timestamptz)`, desc: false },
  '-lastSeenAt': { expr: `COALESCE(h.last_seen_at, 'epoch'::timestamptz)`, desc: true },
  critical: { expr: 'h.critical_count', desc: false },
  '-critical': { expr: 'h.critical_count', desc: true },
  warning: { expr: 'h.warning_count', desc: false },
  '-warning': { expr: 'h.warning_count', desc: true },
};

@Injectable()
export class HostsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async list(query: HostsQueryDto): Promise<HostPageDto> {
    const p = new SqlParams();
    const where: string[] = [];
    if (!query.retired) where.push('h.retired_at IS NULL');
    if (query.q) where.push(`(h.hostname ILIKE ${p.add(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`)} OR h.machine_id LIKE ${p.add(`${query.q.replace(/[\\%_]/g, '\\$&')}%`)})`);
    const labels = parseLabels(query.label);
    if (Object.keys(labels).length) where.push(`h.labels @> ${p.add(JSON.stringify(labels))}::jsonb`);
    if (query.rule) where.push(`EXISTS (SELECT 1 FROM findings f WHERE f.host_id = h.id AND f.rule_id = ${p.add(query.rule)} AND f.outcome = 'hit' AND NOT f.silenced)`);
    if (query.severity) where.push(`h.${query.severity}_count > 0`);
    if (query.stale !== undefined) where.push(query.stale ? STALE_SQL : `NOT ${STALE_SQL}`);
    if (query.hypervisor) where.push(`h.hypervisor = ${p.add(query.hypervisor)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const totalRows: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM hosts h ${filter}`, p.values);

    const sort = SORTS[query.sort ?? 'hostname'];
    const cursor = decodeCursor(query.cursor);
    const pageWhere = [...where];
    if (cursor) pageWhere.push(`(${sort.expr}, h.id) ${sort.desc ? '<' : '>'} (${p.add(cursor.v)}, ${p.add(cursor.id)}::uuid)`);
    const limit = query.limit ?? 50;
    const rows: (HostRow & { sort_value: string | number })[] = await this.ds.query(
      `SELECT ${HOST_SELECT}, ${sort.expr} AS sort_value FROM hosts h ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY ${sort.expr} ${sort.desc ? 'DESC' : 'ASC'}, h.id ${sort.desc ? 'DESC' : 'ASC'} LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const lastValue = last && (last.sort_value as unknown) instanceof Date ? (last.sort_value as unknown as Date).toISOString() : last?.sort_value;
    return {
      items: page.map(({ sort_value: _s, ...r }) => toHostSummary(r)),
      nextCursor: more && last ? encodeCursor({ v: lastValue ?? null, id: last.id }) : null,
      total: totalRows[0].n,
    };
  }

  async summary(id: string): Promise<HostSummaryDto> {
    const rows: HostRow[] = await this.ds.query(`SELECT ${HOST_SELECT} FROM hosts h WHERE h.id = $1`, [id]);
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    return toHostSummary(rows[0]);
  }

  async detail(id: string): Promise<HostDetailDto> {
    const host = await this.summary(id);
    const latest: { id: string; sequence: number; collected_at: Date; status: string; metrics: Record<string, unknown>; configuration: Record<string, unknown>; config_hash: string }[] =
      await this.ds.query(
        `SELECT r.id, r.sequence::float8 AS sequence, r.collected_at, r.status, r.metrics, c.configuration, c.config_hash
           FROM hosts h JOIN reports r ON r.id = h.latest_report_id JOIN host_configs c ON c.id = r.config_id WHERE h.id = $1`,
        [id],
      );
    const findings = await this.ds.query(`SELECT ${FINDING_SELECT} FROM findings f JOIN hosts h ON h.id = f.host_id WHERE f.host_id = $1 ORDER BY f.rule_id, f.subject`, [id]);
    const history = await this.ds.query(
      `SELECT r.id AS "reportId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", r.received_at AS "receivedAt", r.status, c.config_hash AS "configHash"
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1 ORDER BY r.sequence DESC LIMIT 50`,
      [id],
    );
    const l = latest[0];
    // Reports stored under schema version 1 are served in the current shape.
    const facts = l ? upgradeFactsV1(l.configuration as unknown as Configuration, l.metrics as unknown as Metrics) : null;
    return {
      host,
      configHash: l?.config_hash ?? null,
      configuration: (facts?.configuration as unknown as Record<string, unknown>) ?? null,
      latestMetrics: (facts?.metrics as unknown as Record<string, unknown>) ?? null,
      latestReport: l ? { id: l.id, sequence: l.sequence, collectedAt: l.collected_at.toISOString(), status: l.status } : null,
      findings,
      history,
    };
  }

  async facts(hostId: string, reportId: string): Promise<ReportFactsDto> {
    const rows: ReportFactsDto[] = await this.ds.query(
      `SELECT r.id AS "reportId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", c.configuration, r.metrics
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.host_id = $1 AND r.id = $2`,
      [hostId, reportId],
    );
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No report ${reportId} for host ${hostId} (reports older than the history window are pruned).`);
    const r = rows[0];
    return { ...r, ...upgradeFactsV1(r.configuration as unknown as Configuration, r.metrics as unknown as Metrics) } as unknown as ReportFactsDto;
  }

  async updateLabels(id: string, labels: Record<string, string | null>): Promise<HostSummaryDto> {
    const bad = checkLabels(labels, 'labels', { removals: true });
    if (bad.length) throw invalidFields(bad);
    const set = Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== null));
    const remove = Object.entries(labels).filter(([, v]) => v === null).map(([k]) => k);
    const rows: unknown[] = await this.ds.query(
      `WITH changed AS (UPDATE hosts SET admin_labels = (admin_labels - $3::text[]) || $2::jsonb, labels = agent_labels || ((admin_labels - $3::text[]) || $2::jsonb)
        WHERE id = $1 RETURNING id) SELECT id FROM changed`,
      [id, JSON.stringify(set), remove],
    );
    if (!rows.length) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    return this.summary(id);
  }

  async remove(id: string): Promise<void> {
    const rows: unknown[] = await this.ds.query(`WITH gone AS (DELETE FROM hosts WHERE id = $1 RETURNING id) SELECT id FROM gone`, [id]);
    if (!rows.length) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    this.tokens.invalidate(); // its agent tokens went with it
  }
}
