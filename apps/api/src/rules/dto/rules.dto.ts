import { ApiProperty } from '@nestjs/swagger';
import { SeverityCountsDto } from '../../stats/dto/stats.dto';

export class RuleSourceDto {
  title: string;
  url: string;
}

export class RuleThresholdDto {
  name: string;
  default: number;
  /** In force: the admin's override, else the default. */
  value: number;
  unit: string;
  description: string;
}

export class RuleDto {
  id: string;
  version: number;
  title: string;
  /** Rendered with the thresholds in force (an admin's override, else the default). */
  explanation: string;
  /** When the rule hits and at what severity, quoting the thresholds in force. */
  severityLogic: string;
  facts: string[];
  /** The typed facts (keys of the rule engine's facts) the rule declares and reads; evaluation hands it no others. */
  inputs: string[];
  sources: RuleSourceDto[];
  remediationKeys: string[];
  thresholds: RuleThresholdDto[];
  @ApiProperty({ enum: ['host', 'process'] })
  appliesTo: string;
  /** Hosts with an active hit, by severity. */
  hostsAffected: SeverityCountsDto;
}

export class RuleListDto {
  items: RuleDto[];
  /** Changes whenever a rule or default threshold changes. */
  catalogueRevision: string;
}
