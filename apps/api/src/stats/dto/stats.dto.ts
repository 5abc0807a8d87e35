import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class HostCountsDto {
  /** Hosts not retired. */
  total: number;
  /** Reported within two intervals. */
  reporting: number;
  /** Missed two intervals. */
  stale: number;
  retired: number;
}

export class SeverityCountsDto {
  critical: number;
  warning: number;
  info: number;
}

export class TopRuleDto {
  ruleId: string;
  title: string;
  /** Hosts with an active hit of this rule. */
  hosts: number;
  critical: number;
  warning: number;
  info: number;
}

export class SummaryDto {
  hosts: HostCountsDto;
  hostsWithCritical: number;
  hostsWithWarning: number;
  /** Active hits by severity. */
  findings: SeverityCountsDto;
  topRules: TopRuleDto[];
}

export class EventsQueryDto {
  /** Days back from today (1-365). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number = 30;
}

export class EventBucketDto {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  opened: SeverityCountsDto;
  resolved: number;
}

export class FindingEventsDto {
  days: number;
  buckets: EventBucketDto[];
}

export class DistributionEntryDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true, description: "The fact's value; null: unknown." })
  value: string | number | null;
  hosts: number;
}

export class AllocatorEntryDto {
  value: string | null;
  processes: number;
}

export class DistributionsDto {
  thpEnabled: DistributionEntryDto[];
  overcommitMemory: DistributionEntryDto[];
  cpuOnlineCount: DistributionEntryDto[];
  hypervisor: DistributionEntryDto[];
  architecture: DistributionEntryDto[];
  allocator: AllocatorEntryDto[];
}
