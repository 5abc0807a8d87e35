import { Injectable, type StreamableFile } from '@nestjs/common';
import { FindingsRepository, hostSortKind, HostsRepository, ReportsRepository, type HostFilter, type HostRow } from '@memfleet/persistence';
import { checkLabels, parseHostSearch, type HostSearchTerm, type Severity } from '@memfleet/contracts';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { decodeCursor, encodeCursor, parseLabels } from '../common/cursor';
import { keysetRows, listExportFile, mapRows } from '../common/list-export';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { HostDetailDto, HostPageDto, HostsExportQueryDto, HostsQueryDto, HostSummaryDto, ReportFactsDto } from './dto/hosts.dto';
import { HOST_CSV_COLUMNS } from './hosts-export';

function toHostSummary(r: HostRow): HostSummaryDto {
  const { critical_count, warning_count, info_count, ...rest } = r;
  return { ...wire(rest), findingCounts: { critical: critical_count, warning: warning_count, info: info_count } };
}

/** The terms of `q`; a malformed one is a 400 at `query.q` that quotes it. */
function searchTerms(q: string | undefined): HostSearchTerm[] {
  if (!q) return [];
  const parsed = parseHostSearch(q);
  if (parsed.ok) return parsed.terms;
  const reason = `term "${parsed.term}": ${parsed.reason}`;
  throw invalidFields([{ path: 'query.q', reason }], `The search has a malformed term: ${reason}.`);
}

const filterOf = (query: HostsQueryDto | HostsExportQueryDto): HostFilter => ({
  retired: query.retired,
  search: searchTerms(query.q),
  labels: parseLabels(query.label),
  rule: query.rule,
  severity: query.severity as Severity | undefined,
  stale: query.stale,
  hypervisor: query.hypervisor,
  thpEnabled: query.thpEnabled,
  overcommitMemory: query.overcommitMemory,
  cpuOnlineCount: query.cpuOnlineCount,
  architecture: query.architecture,
  allocator: query.allocator,
});

@Injectable()
export class HostsService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly reports: ReportsRepository,
    private readonly findings: FindingsRepository,
    private readonly tokens: TokenService,
    private readonly activity: ActivityService,
  ) {}

  async list(query: HostsQueryDto): Promise<HostPageDto> {
    const filter = filterOf(query);
    const limit = query.limit ?? 50;
    const sort = query.sort ?? 'hostname';
    const { total, rows } = await this.hosts.list(filter, sort, decodeCursor(query.cursor, hostSortKind(sort)), limit);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const lastValue = last?.sort_value instanceof Date ? last.sort_value.toISOString() : last?.sort_value;
    return {
      items: page.map(({ sort_value: _s, ...r }) => toHostSummary(r)),
      nextCursor: more && last ? encodeCursor({ v: lastValue ?? null, id: last.id }) : null,
      total,
    };
  }

  /** Every host the list would give for these filters, streamed in batches (JSON items are the list's items). */
  async export(query: HostsExportQueryDto): Promise<StreamableFile> {
    const filter = filterOf(query);
    const rows = await keysetRows<HostRow>((after, limit) => this.hosts.exportBatch(filter, query.sort ?? null, after, limit));
    return listExportFile('hosts', query.format, mapRows(rows, toHostSummary), HOST_CSV_COLUMNS);
  }

  async summary(id: string): Promise<HostSummaryDto> {
    const row = await this.hosts.summary(id);
    if (!row) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    return toHostSummary(row);
  }

  async detail(id: string): Promise<HostDetailDto> {
    const host = await this.summary(id);
    const l = await this.reports.latestOfHost(id);
    const findings = await this.findings.ofHost(id);
    const history = await this.reports.historyOfHost(id);
    return {
      host,
      configHash: l?.config_hash ?? null,
      configuration: l?.configuration ?? null,
      latestMetrics: l?.metrics ?? null,
      latestReport: l ? { id: l.id, sequence: l.sequence, collectedAt: l.collected_at.toISOString(), status: l.status } : null,
      findings: wire(findings),
      history: wire(history),
    };
  }

  async facts(hostId: string, reportId: string): Promise<ReportFactsDto> {
    const r = await this.reports.factsOf(hostId, reportId);
    if (!r) throw new ProblemException(404, 'not-found', `No report ${reportId} for host ${hostId} (reports older than the history window are pruned).`);
    return wire(r);
  }

  async updateLabels(id: string, labels: Record<string, string | null>, by: Principal): Promise<HostSummaryDto> {
    const bad = checkLabels(labels, 'labels', { removals: true });
    if (bad.length) throw invalidFields(bad);
    const set = Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== null)) as Record<string, string>;
    const remove = Object.entries(labels)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    const change = await this.activity.recorded(
      by,
      (m) => this.hosts.updateLabels(id, set, remove, m),
      (c) => (c ? { action: 'host.labels-changed', targetType: 'host', targetId: id, details: { old: c.old, new: c.new } } : null),
    );
    if (!change) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    return this.summary(id);
  }

  async remove(id: string, by: Principal): Promise<void> {
    const gone = await this.activity.recorded(
      by,
      (m) => this.hosts.remove(id, m),
      (g) => (g ? { action: 'host.deleted', targetType: 'host', targetId: id, details: g } : null),
    );
    if (!gone) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    await this.tokens.invalidate(); // its agent tokens went with it
  }
  /** Retires the host now (see HostsRepository.retire); retiring a retired host changes nothing and records nothing. */
  async retire(id: string, by: Principal): Promise<HostSummaryDto> {
    const done = await this.activity.recorded(
      by,
      (m) => this.hosts.retire(id, m),
      (r) => (r && !r.already ? { action: 'host.retired', targetType: 'host', targetId: id, details: { hostname: r.hostname, machineId: r.machineId } } : null),
    );
    if (!done) throw new ProblemException(404, 'not-found', `No host ${id}.`);
    return this.summary(id);
  }
}
