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
  /** Hosts with an active (unsilenced) hit of this rule. */
  hosts: number;
  /** Hosts with an active critical hit of this rule (a host with hits of two severities counts in both). */
  critical: number;
  /** Hosts with an active warning hit of this rule. */
  warning: number;
  /** Hosts with an active info hit of this rule. */
  info: number;
}

export class SummaryDto {
  hosts: HostCountsDto;
  hostsWithCritical: number;
  hostsWithWarning: number;
  /** Active (unsilenced) hits by severity. */
  findings: SeverityCountsDto;
  /** Silenced hits by severity: left out of `findings` and of the host counts. */
  silenced: SeverityCountsDto;
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

export class EscalationCountsDto {
  /** Hits that became critical (from warning or info). */
  critical: number;
  /** Hits that became warning from info. */
  warning: number;
}

export class EventBucketDto {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  opened: SeverityCountsDto;
  /** Open hits whose severity rose: counted by the severity they reached. */
  escalated: EscalationCountsDto;
  /** Open hits whose severity fell (critical → warning, warning → info). */
  deescalated: number;
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
