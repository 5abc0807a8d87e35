import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ALLOCATORS, SEVERITIES } from '@memfleet/contracts';
import { LIST_EXPORT_FORMATS, type ListExportFormat } from '../../common/list-export';
import { PageQueryDto } from '../../common/page.dto';
import { FindingDto } from '../../findings/dto/findings.dto';
import { ConfigurationDto, MetricsDto } from '../../reports/dto/report.dto';

const THP_MODES = ['always', 'madvise', 'never'];
/** The keys of a host's allocator counts: the agent's allocators, and 'unknown' when it could not tell. */
const ALLOCATOR_KEYS = [...ALLOCATORS, 'unknown'];

export const HOST_SORTS = [
  'hostname',
  '-hostname',
  'lastSeenAt',
  '-lastSeenAt',
  'memTotalBytes',
  '-memTotalBytes',
  'cpuOnlineCount',
  '-cpuOnlineCount',
  'critical',
  '-critical',
  'warning',
  '-warning',
] as const;

/** Short names a person types (`sort=-lastSeen`, `sort=onlineCpus`) for the response's field names. */
const SORT_ALIASES: Record<string, string> = { lastSeen: 'lastSeenAt', onlineCpus: 'cpuOnlineCount' };
const toSortKey = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const desc = value.startsWith('-');
  const key = desc ? value.slice(1) : value;
  return key in SORT_ALIASES ? `${desc ? '-' : ''}${SORT_ALIASES[key]}` : value;
};

// Reads the raw query text: implicit conversion would already have turned 'false' into true.
const toBool = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => (obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key]);

export class HostsQueryDto extends PageQueryDto {
  /**
   * Search: space-separated terms, all of which must match. A plain word matches the hostname, machine id, labels,
   * IP addresses, kernel, runtime kinds and versions, and process names and exes (substring, any case);
   * `runtime:<kind>`, `version:<op><version>` (op `<` `<=` `>` `>=` `=`, compared per dot component as numbers),
   * `process:<name or exe>`, `kernel:<prefix>`, `ip:<address>` and `label:<key>=<value>` match that field only.
   * Runtime, version and process terms hold on one process's runtime together. A malformed term is a 400 naming it.
   */
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  q?: string;

  /** Only hosts where this rule hits (silenced hits excluded). */
  @IsOptional()
  @IsString()
  rule?: string;

  /** Only hosts with at least one hit of this severity. */
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  /** true: only hosts that missed two report intervals; false: only reporting ones. */
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  stale?: boolean;

  @IsOptional()
  @IsString()
  hypervisor?: string;

  /** Only hosts with this THP mode (transparent_hugepage/enabled). */
  @IsOptional()
  @IsIn(THP_MODES)
  thpEnabled?: string;

  /** Only hosts with this vm.overcommit_memory (0, 1 or 2). */
  @IsOptional()
  @IsInt()
  @IsIn([0, 1, 2])
  overcommitMemory?: number;

  /** Only hosts with this many online CPUs. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65536)
  cpuOnlineCount?: number;

  /** Only hosts of this architecture (e.g. x86_64). */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  architecture?: string;

  /** Only hosts running at least one process on this allocator. */
  @IsOptional()
  @IsIn(ALLOCATOR_KEYS)
  allocator?: string;

  /** Include retired hosts (hidden by default). */
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  retired?: boolean;

  /** `-` first for descending; `lastSeen` and `onlineCpus` are accepted for `lastSeenAt` and `cpuOnlineCount`. */
  @IsOptional()
  @Transform(toSortKey)
  @IsIn(HOST_SORTS)
  sort?: (typeof HOST_SORTS)[number] = 'hostname';
}

export class HostsExportQueryDto extends OmitType(HostsQueryDto, ['limit', 'cursor', 'sort'] as const) {
  /** csv: one row per host; json: an array of the list's items. */
  @IsIn(LIST_EXPORT_FORMATS)
  format: ListExportFormat;

  /** Absent: id order, which stays exact while hosts report during the export; a sort key that changes meanwhile can move a host past the export. */
  @IsOptional()
  @Transform(toSortKey)
  @IsIn(HOST_SORTS)
  sort?: (typeof HOST_SORTS)[number];
}

export class FindingCountsDto {
  critical: number;
  warning: number;
  info: number;
}

export class HostSummaryDto {
  id: string;
  hostname: string;
  machineId: string;
  labels: Record<string, string>;
  lastSeenAt: string | null;
  intervalSeconds: number;
  /** No report for two intervals. */
  stale: boolean;
  retiredAt: string | null;
  agentVersion: string | null;
  architecture: string | null;
  hypervisor: string | null;
  kernelRelease: string | null;
  thpEnabled: string | null;
  overcommitMemory: number | null;
  cpuOnlineCount: number | null;
  memTotalBytes: number | null;
  /** Active hits by severity (silenced ones excluded). */
  findingCounts: FindingCountsDto;
}

export class HostPageDto {
  items: HostSummaryDto[];
  nextCursor: string | null;
  /** Hosts matching the filters, over all pages. */
  total: number;
}

export class HistoryEntryDto {
  reportId: string;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  status: string;
  configHash: string;
}

export class LatestReportDto {
  id: string;
  sequence: number;
  collectedAt: string;
  status: string;
}

export class HostDetailDto {
  host: HostSummaryDto;
  configHash: string | null;
  /** Configuration facts of the latest report. */
  @ApiProperty({ type: ConfigurationDto, nullable: true })
  configuration: ConfigurationDto | null;
  /** Volatile metrics of the latest report. */
  @ApiProperty({ type: MetricsDto, nullable: true })
  latestMetrics: MetricsDto | null;
  latestReport: LatestReportDto | null;
  /** Every rule's latest result for this host, all outcomes. */
  findings: FindingDto[];
  /** Newest first, at most 50. */
  history: HistoryEntryDto[];
}

export class ReportFactsDto {
  reportId: string;
  sequence: number;
  collectedAt: string;
  configuration: ConfigurationDto;
  metrics: MetricsDto;
}

export class UpdateLabelsDto {
  /** Admin labels to set; a null value removes the admin label. Agent labels are overlaid by these. */
  @IsObject()
  labels: Record<string, string | null>;
}
