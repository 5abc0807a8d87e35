import { Injectable } from '@nestjs/common';
import { ALLOCATORS, type Severity } from '@memfleet/contracts';
import { DISTRIBUTION_COLUMNS, StatsRepository, type DistributionColumn } from '@memfleet/persistence';
import { ruleById } from '@memfleet/rules';
import type { DistributionEntryDto, DistributionsDto, FindingEventsDto, SummaryDto } from './dto/stats.dto';

/** Keys of hosts.allocator_counts: the agent's allocators, and 'unknown' when it could not tell (see allocatorCounts). */
const ALLOCATOR_KEYS = [...ALLOCATORS, 'unknown'];

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const isSeverity = (s: string | null): s is Severity => s === 'critical' || s === 'warning' || s === 'info';

/** Fleet aggregates (computed in PostgreSQL, see StatsRepository) shaped for the overview. */
@Injectable()
export class StatsService {
  constructor(private readonly stats: StatsRepository) {}

  async summary(): Promise<SummaryDto> {
    // Both aggregates at once: they read different tables.
    const [h, top, silenced] = await Promise.all([this.stats.hostTotals(), this.stats.topRules(), this.stats.silencedHits()]);
    return {
      hosts: { total: h.total, reporting: h.reporting, stale: h.stale, retired: h.retired },
      hostsWithCritical: h.with_critical,
      hostsWithWarning: h.with_warning,
      findings: { critical: h.critical, warning: h.warning, info: h.info },
      silenced: { critical: silenced.critical, warning: silenced.warning, info: silenced.info },
      topRules: top.map((t) => ({
        ruleId: t.rule_id,
        title: ruleById(t.rule_id)?.title ?? t.rule_id,
        hosts: t.hosts,
        critical: t.critical,
        warning: t.warning,
        info: t.info,
      })),
    };
  }

  async findingEvents(days: number): Promise<FindingEventsDto> {
    const rows = await this.stats.eventsPerDay(days);
    const buckets = new Map<string, FindingEventsDto['buckets'][number]>();
    const today = new Date();
    for (let i = days - 1; i >= 0; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
      buckets.set(d, { day: d, opened: { critical: 0, warning: 0, info: 0 }, escalated: { critical: 0, warning: 0 }, deescalated: 0, resolved: 0 });
    }
    for (const r of rows) {
      const b = buckets.get(r.day);
      if (!b) continue;
      if (r.kind === 'resolved') b.resolved += r.n;
      else if (r.kind === 'opened' && isSeverity(r.severity)) b.opened[r.severity] += r.n;
      else if (r.kind === 'severity-changed' && isSeverity(r.severity) && isSeverity(r.previous_severity)) {
        const rise = RANK[r.severity] - RANK[r.previous_severity];
        if (rise > 0 && r.severity !== 'info') b.escalated[r.severity] += r.n;
        else if (rise < 0) b.deescalated += r.n;
      }
    }
    return { days, buckets: [...buckets.values()] };
  }

  async distributions(): Promise<DistributionsDto> {
    const { rows, allocatorTotals: sums } = await this.stats.distributions(ALLOCATOR_KEYS);
    const by = (col: DistributionColumn): DistributionEntryDto[] => {
      // GROUPING() has a 0 bit for the column a row is grouped by (leftmost column = highest bit).
      const bit = 1 << (DISTRIBUTION_COLUMNS.length - 1 - DISTRIBUTION_COLUMNS.indexOf(col));
      return rows
        .filter((r) => (r.g & bit) === 0)
        .map((r) => ({ value: r[col], hosts: r.hosts }))
        .sort((a, b) => b.hosts - a.hosts || String(a.value).localeCompare(String(b.value), 'en', { numeric: true }))
        .slice(0, 50);
    };
    const [thpEnabled, overcommitMemory, cpuOnlineCount, hypervisor, architecture] = DISTRIBUTION_COLUMNS.map(by);
    const allocator = ALLOCATOR_KEYS.map((value, i) => ({ value, processes: sums[i] ?? 0 }))
      .filter((a) => a.processes > 0)
      .sort((a, b) => b.processes - a.processes || a.value.localeCompare(b.value));
    return { thpEnabled, overcommitMemory, cpuOnlineCount, hypervisor, architecture, allocator };
  }
}
