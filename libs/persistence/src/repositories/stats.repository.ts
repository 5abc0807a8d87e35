import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALLOCATORS } from '@memfleet/contracts';
import { GenerateSql } from '../generate-sql';
import { STALE_SQL } from './sql-fragments';

export interface HostTotalsRow {
  total: number;
  reporting: number;
  stale: number;
  retired: number;
  with_critical: number;
  with_warning: number;
  /** Unsilenced hits of active hosts, by severity. */
  critical: number;
  warning: number;
  info: number;
}

/** Silenced hits of active hosts, by severity: what the totals leave out. */
export interface SilencedCountsRow {
  critical: number;
  warning: number;
  info: number;
}

export interface TopRuleRow {
  rule_id: string;
  hosts: number;
  critical: number;
  warning: number;
  info: number;
}

export interface EventCountRow {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  kind: string;
  severity: string | null;
  /** The severity before, for 'severity-changed' events. */
  previous_severity: string | null;
  n: number;
}

/** Host columns whose value distributions the overview shows, in GROUPING() bit order (leftmost = highest bit). */
export const DISTRIBUTION_COLUMNS = ['thp_enabled', 'overcommit_memory', 'cpu_online_count', 'hypervisor', 'architecture'] as const;
export type DistributionColumn = (typeof DISTRIBUTION_COLUMNS)[number];

/** One group of one column: `g` has a 0 bit for the column the row is grouped by. */
export type DistributionRow = { g: number; hosts: number } & { [C in DistributionColumn]: string | number | null };

/** Fleet aggregates, computed in PostgreSQL: Node never loads all hosts to count them. */
@Injectable()
export class StatsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @GenerateSql()
  async hostTotals(): Promise<HostTotalsRow> {
    const [row]: HostTotalsRow[] = await this.ds.query(
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
    );
    return row;
  }

  /** Silenced hits on active hosts by severity (the hosts' counts hold the unsilenced ones). */
  @GenerateSql()
  async silencedHits(): Promise<SilencedCountsRow> {
    const [row]: SilencedCountsRow[] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE f.severity = 'critical')::int AS critical, count(*) FILTER (WHERE f.severity = 'warning')::int AS warning,
              count(*) FILTER (WHERE f.severity = 'info')::int AS info
         FROM findings f
        WHERE f.outcome = 'hit' AND f.silenced AND f.host_id NOT IN (SELECT id FROM hosts WHERE retired_at IS NOT NULL)`,
    );
    return row;
  }

  /** The ten rules hitting the most active hosts (unsilenced), with the hosts hit at each severity: every column counts hosts. */
  @GenerateSql()
  topRules(): Promise<TopRuleRow[]> {
    return this.ds.query(
      `SELECT f.rule_id, count(DISTINCT f.host_id)::int AS hosts,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'critical')::int AS critical,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'warning')::int AS warning,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'info')::int AS info
         FROM findings f
        -- Retired hosts are few: excluding them beats joining every hit to its host.
        WHERE f.outcome = 'hit' AND NOT f.silenced AND f.host_id NOT IN (SELECT id FROM hosts WHERE retired_at IS NOT NULL)
        GROUP BY f.rule_id ORDER BY hosts DESC, f.rule_id LIMIT 10`,
    );
  }

  /**
   * Finding events per UTC day, kind, severity and previous severity (severity changes) over the last `days` days
   * (today included); days without events are absent.
   */
  @GenerateSql({ params: [30] })
  eventsPerDay(days: number): Promise<EventCountRow[]> {
    return this.ds.query(
      // Grouped by the truncated timestamp and formatted per group, not per event.
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, kind, severity, previous_severity, n FROM (
         SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS d, kind, severity, previous_severity, count(*)::int AS n
           FROM finding_events WHERE at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => $1 - 1)
          GROUP BY 1, 2, 3, 4) x`,
      [days],
    );
  }

  /**
   * One scan of the active hosts: GROUPING SETS count each of DISTRIBUTION_COLUMNS separately, and the empty set's
   * row (every GROUPING bit 1) carries the processes per allocator of `allocators` (null when no host has the key) —
   * a sum per known key, since expanding every host's counts object costs ~8x more.
   */
  @GenerateSql({ params: [[...ALLOCATORS, 'unknown']] })
  async distributions(allocators: readonly string[]): Promise<{ rows: DistributionRow[]; allocatorTotals: (number | null)[] }> {
    const COLUMNS = DISTRIBUTION_COLUMNS;
    const all = (1 << COLUMNS.length) - 1;
    const rows: (DistributionRow & Record<string, number | null>)[] = await this.ds.query(
      `SELECT GROUPING(${COLUMNS.join(', ')})::int AS g, ${COLUMNS.join(', ')}, count(*)::int AS hosts,
              ${allocators.map((_, i) => `sum((allocator_counts->>$${i + 1})::int)::int AS a${i}`).join(', ')}
           FROM hosts WHERE retired_at IS NULL
          GROUP BY GROUPING SETS (${COLUMNS.map((c) => `(${c})`).join(', ')}, ())`,
      [...allocators],
    );
    const total = rows.find((r) => r.g === all);
    return { rows: rows.filter((r) => r.g !== all), allocatorTotals: allocators.map((_, i) => total?.[`a${i}`] ?? null) };
  }
}
