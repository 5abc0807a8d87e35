import { ApiProperty } from '@nestjs/swagger';
import { REMEDIATION_EFFECTS, type RemediationEffect } from '@memfleet/contracts';
import { SeverityCountsDto } from '../../stats/dto/stats.dto';

export class RuleSourceDto {
  title: string;
  url: string;
}

export class RuleRemediationDto {
  key: string;
  /** What the step does for the cause the rule finds, as every rendered step of this key says. */
  @ApiProperty({ enum: REMEDIATION_EFFECTS })
  effect: RemediationEffect;
  source: string;
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
  /** The steps the rule can offer, in the order of `remediationKeys`. */
  remediations: RuleRemediationDto[];
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
