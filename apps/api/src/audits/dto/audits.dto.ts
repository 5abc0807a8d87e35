import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { AUDIT_FORMATS, AUDIT_STATUSES, AuditSummarySchema, type AuditFormat, type AuditStatus } from '@memfleet/contracts';
import { AuditDocumentSchema } from '@memfleet/exports';
import { ContractDto } from '../../common/contract-dto';

export class CreateAuditDto {
  /** Only hosts carrying all these labels (a label selector, e.g. {"team":"edge"}); absent or {}: the whole fleet. */
  @IsOptional()
  @IsObject()
  @ApiProperty({ required: false, type: Object, additionalProperties: { type: 'string' } })
  scope?: Record<string, string>;
}

export class AuditsQueryDto {
  /** Page size (1-500). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number = 50;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  cursor?: string;

  /** Only the audits this schedule ran. */
  @IsOptional()
  @IsUUID()
  scheduleId?: string;
}

export class StartedAuditDto {
  id: string;
  @ApiProperty({ enum: AUDIT_STATUSES })
  status: AuditStatus;
}

export class AuditProgressDto {
  /** The section being computed, `queued` before the run and `done` after it. */
  step: string;
  /** Sections computed so far. */
  done: number;
  total: number;
}

export class AuditTotalsDto {
  critical: number;
  warning: number;
  info: number;
  silenced: number;
  /** Hosts with an unsilenced hit. */
  hosts: number;
}

export class AuditItemDto {
  id: string;
  @ApiProperty({ enum: AUDIT_STATUSES })
  status: AuditStatus;
  @ApiProperty({ enum: ['manual', 'schedule'] })
  trigger: 'manual' | 'schedule';
  scheduleId: string | null;
  /** A token's name, or `schedule:<name>`. */
  requestedBy: string;
  /** The label selector it was limited to; {} = the whole fleet. */
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' } })
  scope: Record<string, string>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: AuditProgressDto;
  error: string | null;
  /** The summary's totals once it is done. */
  totals: AuditTotalsDto | null;
}

export class AuditPageDto {
  items: AuditItemDto[];
  nextCursor: string | null;
  total: number;
}

export class AuditSummaryDto extends ContractDto(AuditSummarySchema) {}

export class AuditDetailDto extends AuditItemDto {
  /** What the audit found, stored whole when it ran; null until it is done. */
  summary: AuditSummaryDto | null;
}

export class AuditExportQueryDto {
  /** json: meta, summary and every hit; csv: one row per hit (silenced ones flagged); html: printable, self-contained; pdf. */
  @IsIn(AUDIT_FORMATS)
  format: AuditFormat;
}

export class AuditDocumentDto extends ContractDto(AuditDocumentSchema, AuditSummaryDto) {}
