import { ApiProperty } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import {
  ConfigurationSchema,
  EvidenceSchema,
  MetricsSchema,
  MissingFactSchema,
  RemediationSchema,
  REPORT_STATUSES,
  ReportSchemaV3,
  RuleResultSchema,
} from '@memfleet/contracts';
import { ContractDto } from '../../common/contract-dto';

/** The report an agent posts: the report contract's current schema version (3). */
export class ReportDto extends ContractDto(ReportSchemaV3) {}

/** A stored report's configuration facts and volatile metrics, in the current schema version. */
export class ConfigurationDto extends ContractDto(ConfigurationSchema) {}
export class MetricsDto extends ContractDto(MetricsSchema) {}

/** Evidence, remediation and missing facts are the report contract's own shapes (libs/contracts). */
export class EvidenceDto extends ContractDto(EvidenceSchema) {}
export class RemediationDto extends ContractDto(RemediationSchema) {}
export class MissingFactDto extends ContractDto(MissingFactSchema) {}

/** A rule's result as the latest evaluation of the report's host left it. */
export class FindingResultDto extends ContractDto(Type.Omit(RuleResultSchema, ['thresholds']), EvidenceDto, RemediationDto, MissingFactDto) {
  /** An active silence covers it. */
  silenced?: boolean;
}

export class ReportAcceptedDto {
  reportId: string;
  @ApiProperty({ enum: REPORT_STATUSES })
  status: string;
  /** Whether the configuration part differed from the host's stored ones. */
  configurationChanged?: boolean;
  /**
   * The hash of the configuration the server now holds for this host's report: an agent may leave the
   * configuration out of its next report while its configuration hashes the same. Version 2 reports are held
   * under the hash of their configuration's text, version 3 under `configurationHash`.
   */
  configurationHash: string;
  /** Present when status is evaluated. */
  findings?: FindingResultDto[];
}

export class ReportDetailDto {
  id: string;
  hostId: string;
  /** The agent instance that sent it (agent.instanceId); null for agents that do not send one. */
  instanceId: string | null;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  @ApiProperty({ enum: REPORT_STATUSES })
  status: string;
  attempts: number;
  /** Re-runs started with POST /api/v1/reports/:id/retry after it failed. */
  retries: number;
  /** Why evaluation failed (status failed). */
  error: string | null;
  failedAt: string | null;
  evaluatedAt: string | null;
  catalogueRevision: string | null;
  configHash: string;
  /** The host's findings as of its latest evaluation (all outcomes). */
  findings: FindingResultDto[];
}
