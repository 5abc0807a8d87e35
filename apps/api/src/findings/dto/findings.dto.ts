import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { OUTCOMES, RuleResultSchema, SEVERITIES } from '@memfleet/contracts';
import { ContractDto } from '../../common/contract-dto';
import { LIST_EXPORT_FORMATS, type ListExportFormat } from '../../common/list-export';
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

export class FindingsExportQueryDto extends OmitType(FindingsQueryDto, ['limit', 'cursor', 'sort'] as const) {
  /** csv: one row per finding; json: an array of the list's items. */
  @IsIn(LIST_EXPORT_FORMATS)
  format: ListExportFormat;

  /** Absent: id order, which stays exact while hosts report during the export; a sort key that changes meanwhile can move a finding past the export. */
  @IsOptional()
  @IsIn(FINDING_SORTS)
  sort?: (typeof FINDING_SORTS)[number];
}

export class FindingSilenceDto {
  id: string;
  reason: string;
  /** Who created the silence (the API token's name). */
  author: string;
  expiresAt: string;
}

// A finding is a rule result (missing facts and thresholds always present) with its host and history.
const FindingResultSchema = Type.Composite([
  Type.Omit(RuleResultSchema, ['missing', 'thresholds']),
  Type.Required(Type.Pick(RuleResultSchema, ['missing', 'thresholds'])),
]);

export class FindingDto extends ContractDto(FindingResultSchema, EvidenceDto, RemediationDto, MissingFactDto) {
  id: string;
  hostId: string;
  hostname: string;
  firstSeenAt: string;
  /** The last evaluation that produced this result; while a result stays the same it is refreshed at least hourly. */
  lastSeenAt: string;
  /** When the current hit began. */
  openedAt: string | null;
  resolvedAt: string | null;
  /** An active silence covers it: recorded, but left out of totals. */
  silenced: boolean;
  /** The active silence covering it (of several, the one that ends last); null when not silenced. */
  @ApiProperty({ type: () => FindingSilenceDto, nullable: true })
  silence: FindingSilenceDto | null;
}

export class FindingPageDto {
  items: FindingDto[];
  nextCursor: string | null;
  total: number;
}
