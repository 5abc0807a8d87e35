import { ApiProperty } from '@nestjs/swagger';
import { OUTCOMES, SEVERITIES } from '@memfleet/contracts';

export class EvidenceDto {
  key: string;
  label: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], nullable: true })
  value: number | string | boolean | null;
  unit: string;
}

export class RemediationDto {
  /** Stable across rule versions, e.g. `envoy.set-concurrency`. */
  key: string;
  title: string;
  /** Rendered with the host's own values. */
  text: string;
  commands?: string[];
  source?: string;
}

export class MissingFactDto {
  fact: string;
  /** The agent capability or runtimes.d declaration that would supply it. */
  suppliedBy: string;
}

export class FindingResultDto {
  ruleId: string;
  ruleVersion: number;
  /** Stable process key; empty for host-level rules. */
  subject: string;
  @ApiProperty({ enum: OUTCOMES })
  outcome: string;
  @ApiProperty({ enum: SEVERITIES, nullable: true })
  severity: string | null;
  summary: string;
  evidence: EvidenceDto[];
  remediation: RemediationDto[];
  missing?: MissingFactDto[];
  /** An active silence covers it. */
  silenced?: boolean;
}

export class ReportAcceptedDto {
  reportId: string;
  @ApiProperty({ enum: ['queued', 'evaluated', 'failed', 'superseded'] })
  status: string;
  /** Whether the configuration part differed from the host's stored ones. */
  configurationChanged?: boolean;
  /** Present when status is evaluated. */
  findings?: FindingResultDto[];
}

export class ReportDetailDto {
  id: string;
  hostId: string;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  @ApiProperty({ enum: ['queued', 'evaluated', 'failed', 'superseded'] })
  status: string;
  attempts: number;
  error: string | null;
  evaluatedAt: string | null;
  catalogueRevision: string | null;
  configHash: string;
  /** The host's findings as of its latest evaluation (all outcomes). */
  findings: FindingResultDto[];
}
