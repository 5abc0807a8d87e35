import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { OUTCOMES, SEVERITIES } from '@memfleet/contracts';
import { PageQueryDto } from '../../common/page.dto';
import { EvidenceDto, MissingFactDto, RemediationDto } from '../../reports/dto/report.dto';

export const FINDING_SORTS = ['-lastSeenAt', 'lastSeenAt', 'severity', '-openedAt'] as const;

export class FindingsQueryDto extends PageQueryDto {
  /** Default: hit. */
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: string = 'hit';

  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @IsOptional()
  @IsString()
  rule?: string;

  @IsOptional()
  @IsUUID()
  hostId?: string;

  /** true: only silenced; false: only unsilenced; absent: both. */
  @IsOptional()
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => (obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key]))
  @IsIn([true, false])
  silenced?: boolean;

  @IsOptional()
  @IsIn(FINDING_SORTS)
  sort?: (typeof FINDING_SORTS)[number] = '-lastSeenAt';
}

export class FindingDto {
  id: string;
  hostId: string;
  hostname: string;
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
  missing: MissingFactDto[];
  /** Thresholds the rule used for this result. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  thresholds: Record<string, number>;
  firstSeenAt: string;
  /** The last evaluation that produced this result; while a result stays the same it is refreshed at least hourly. */
  lastSeenAt: string;
  /** When the current hit began. */
  openedAt: string | null;
  resolvedAt: string | null;
  /** An active silence covers it: recorded, but left out of totals. */
  silenced: boolean;
}

export class FindingPageDto {
  items: FindingDto[];
  nextCursor: string | null;
  total: number;
}
