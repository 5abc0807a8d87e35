import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALLOCATORS } from '@memfleet/contracts';
import { ruleById } from '@memfleet/rules';
import { STALE_SQL } from '../hosts/host-columns';
import type { DistributionEntryDto, DistributionsDto, FindingEventsDto, SummaryDto } from './dto/stats.dto';

/** Keys of hosts.allocator_counts: the agent's allocators, and 'unknown' when it could not tell (see host-facts.ts). */
const ALLOCATOR_KEYS = [...ALLOCATORS, 'unknown'];

/** Fleet aggregates, computed in PostgreSQL: Node never loads all hosts to count them. */
@Injectable()
export class StatsService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async summary(): Promise<SummaryDto> {
    // Both aggregates at once: they read different tables.
    const [[h], top] = await Promise.all([
      this.ds.query(
      `SELECT count(*) FILTER (WHERE retired_at IS NULL)::int AS total,
              count(*) FILTER (WHERE retired_at IS NULL AND NOT ${STALE_SQL})::int AS reporting,
              count(*) FILTER (WHERE retired_at IS NULL AND ${STALE_SQL})::int AS stale,
              count(*) FILTER (WHERE retired_at IS NOT NULL)::int AS retired,
              count(*) FILTER (WHERE retired_at IS NULL AND critical_count > 0)::int AS with_critical,
              count(*) FILTER (WHERE retired_at IS NULL AND warning_count > 0)::int AS with_warning,
              COALESCE(sum(critical_count) FILTER (WHERE retired_at IS NULL), 0)::int AS critical,
              COALESCE(sum(warning_count) FILTER (WHERE retired_at IS NULL), 0)::int AS warning,
              COALESCE(sum(info_count) FILTER (WHERE retired_at IS NULL), 0)::int AS info
         FROM hosts h`,
      ) as Promise<Record<string, number>[]>,
      this.ds.query(
      `SELECT f.rule_id, count(DISTINCT f.host_id)::int AS hosts,
              count(*) FILTER (WHERE f.severity = 'critical')::int AS critical, count(*) FILTER (WHERE f.severity = 'warning')::int AS warning,
              count(*) FILTER (WHERE f.severity = 'info')::int AS info
         FROM findings f
        -- Retired hosts are few: excluding them beats joining every hit to its host.
        WHERE f.outcome = 'hit' AND NOT f.silenced AND f.host_id NOT IN (SELECT id FROM hosts WHERE retired_at IS NOT NULL)
        GROUP BY f.rule_id ORDER BY hosts DESC, f.rule_id LIMIT 10`,
      ) as Promise<{ rule_id: string; hosts: number; critical: number; warning: number; info: number }[]>,
    ]);
    return {
      hosts: { total: h.total, reporting: h.reporting, stale: h.stale, retired: h.retired },
      hostsWithCritical: h.with_critical,
      hostsWithWarning: h.with_warning,
      findings: { critical: h.critical, warning: h.warning, info: h.info },
      topRules: top.map((t) => ({ ruleId: t.rule_id, title: ruleById(t.rule_id)?.title ?? t.rule_id, hosts: t.hosts, critical: t.critical, warning: t.warning, info: t.info })),
    };
  }

  async findingEvents(days: number): Promise<FindingEventsDto> {
    const rows: { day: string; kind: string; severity: string | null; n: number }[] = await this.ds.query(
      // Grouped by the truncated timestamp and formatted per group, not per event.
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, kind, severity, n FROM (
         SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS d, kind, severity, count(*)::int AS n
           FROM finding_events WHERE at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => $1 - 1)
          GROUP BY 1, 2, 3) x`,
      [days],
    );
    const buckets = new Map<string, FindingEventsDto['buckets'][number]>();
    const today = new Date();
    for (let i = days - 1; i >= 0; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
      buckets.set(d, { day: d, opened: { critical: 0, warning: 0, info: 0 }, resolved: 0 });
    }
    for (const r of rows) {
      const b = buckets.get(r.day);
      if (!b) continue;
      if (r.kind === 'resolved') b.resolved += r.n;
      else if (r.kind === 'opened' && (r.severity === 'critical' || r.severity === 'warning' || r.severity === 'info')) b.opened[r.severity] += r.n;
    }
    return { days, buckets: [...buckets.values()] };
  }

  async distributions(): Promise<DistributionsDto> {
    // One scan of the hosts for the fact distributions (GROUPING SETS count each column separately) and,
    // in parallel, one for the allocator totals: a sum per known allocator (expanding every host's counts
    // object instead costs ~8x more).
    const COLUMNS = ['thp_enabled', 'overcommit_memory', 'cpu_online_count', 'hypervisor', 'architecture'] as const;
    const [rows, [sums]]: [
      { g: number; thp_enabled: string | null; overcommit_memory: number | null; cpu_online_count: number | null; hypervisor: string | null; architecture: string | null; hosts: number }[],
      Record<string, number | null>[],
    ] = await Promise.all([
      this.ds.query(
        `SELECT GROUPING(${COLUMNS.join(', ')})::int AS g, ${COLUMNS.join(', ')}, count(*)::int AS hosts
           FROM hosts WHERE retired_at IS NULL
          GROUP BY GROUPING SETS (${COLUMNS.map((c) => `(${c})`).join(', ')})`,
      ),
      this.ds.query(
        `SELECT ${ALLOCATOR_KEYS.map((_, i) => `sum((allocator_counts->>$${i + 1})::int)::int AS a${i}`).join(', ')} FROM hosts WHERE retired_at IS NULL`,
        [...ALLOCATOR_KEYS],
      ),
    ]);
    const by = (col: (typeof COLUMNS)[number]): DistributionEntryDto[] => {
      // GROUPING() has a 0 bit for the column a row is grouped by (leftmost column = highest bit).
      const bit = 1 << (COLUMNS.length - 1 - COLUMNS.indexOf(col));
      return rows
        .filter((r) => (r.g & bit) === 0)
        .map((r) => ({ value: r[col], hosts: r.hosts }))
        .sort((a, b) => b.hosts - a.hosts || String(a.value).localeCompare(String(b.value), 'en', { numeric: true }))
        .slice(0, 50);
    };
    const [thpEnabled, overcommitMemory, cpuOnlineCount, hypervisor, architecture] = COLUMNS.map(by);
    const allocator = ALLOCATOR_KEYS.map((value, i) => ({ value, processes: sums[`a${i}`] ?? 0 }))
      .filter((a) => a.processes > 0)
      .sort((a, b) => b.processes - a.processes || a.value.localeCompare(b.value));
    return { thpEnabled, overcommitMemory, cpuOnlineCount, hypervisor, architecture, allocator };
  }
}
