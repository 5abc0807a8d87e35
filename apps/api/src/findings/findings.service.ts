import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, parseLabels, SqlParams } from '../common/cursor';
import type { FindingDto, FindingPageDto, FindingsQueryDto } from './dto/findings.dto';
import { FINDING_SELECT } from './finding-columns';

const SEVERITY_RANK = `CASE f.severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 WHEN 'info' THEN 1 ELSE 0 END`;
const SORTS: Record<string, { expr: string; desc: boolean }> = {
  '-lastSeenAt': { expr: 'f.last_seen_at', desc: true },
  lastSeenAt: { expr: 'f.last_seen_at', desc: false },
  severity: { expr: SEVERITY_RANK, desc: true },
  '-openedAt': { expr: `COALESCE(f.opened_at, 'epoch'::timestamptz)`, desc: true },
};

@Injectable()
export class FindingsService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async list(query: FindingsQueryDto): Promise<FindingPageDto> {
    const p = new SqlParams();
    const where = ['h.retired_at IS NULL'];
    if (query.outcome) where.push(`f.outcome = ${p.add(query.outcome)}`);
    if (query.severity) where.push(`f.severity = ${p.add(query.severity)}`);
    if (query.rule) where.push(`f.rule_id = ${p.add(query.rule)}`);
    if (query.silenced !== undefined) where.push(query.silenced ? 'f.silenced' : 'NOT f.silenced');
    if (query.hostId) where.push(`f.host_id = ${p.add(query.hostId)}::uuid`);
    const labels = parseLabels(query.label);
    if (Object.keys(labels).length) where.push(`h.labels @> ${p.add(JSON.stringify(labels))}::jsonb`);
    const from = `FROM findings f JOIN hosts h ON h.id = f.host_id`;
    const total: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n ${from} WHERE ${where.join(' AND ')}`, p.values);
    const sort = SORTS[query.sort ?? '-lastSeenAt'];
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(${sort.expr}, f.id) ${sort.desc ? '<' : '>'} (${p.add(cursor.v)}, ${p.add(cursor.id)}::uuid)`);
    const limit = query.limit ?? 50;
    const dir = sort.desc ? 'DESC' : 'ASC';
    const rows: (FindingDto & { sort_value: unknown })[] = await this.ds.query(
      `SELECT ${FINDING_SELECT}, ${sort.expr} AS sort_value ${from} WHERE ${where.join(' AND ')} ORDER BY ${sort.expr} ${dir}, f.id ${dir} LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const v = last?.sort_value instanceof Date ? last.sort_value.toISOString() : (last?.sort_value as string | number | null);
    return {
      items: page.map(({ sort_value: _s, ...f }) => f),
      nextCursor: rows.length > limit && last ? encodeCursor({ v, id: last.id }) : null,
      total: total[0].n,
    };
  }
}
