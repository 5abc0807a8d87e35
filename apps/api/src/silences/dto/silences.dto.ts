import { ApiProperty } from '@nestjs/swagger';
import { IsTimestamp } from '../../common/timestamp.validator';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class CreateSilenceDto {
  /** The rule whose findings are acknowledged. */
  @IsString()
  @Length(1, 64)
  ruleId: string;

  /** Only this host (else every host, or those matching `labels`). */
  @IsOptional()
  @IsUUID()
  hostId?: string;

  /** Only hosts carrying all these labels. */
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  /** Why, for whoever reads it later. */
  @IsString()
  @Length(3, 2000)
  reason: string;

  /** When it ends (RFC 3339, from 2000 to year 9999, offset within ±14:00); give this or durationHours. */
  @IsOptional()
  @IsTimestamp()
  @ApiProperty({ required: false, type: 'string', format: 'date-time', maxLength: 64 })
  expiresAt?: string;

  /** How long it lasts (1 hour to 365 days). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  durationHours?: number;
}

export class SilencesQueryDto {
  /** active (default), expired, or all. */
  @IsOptional()
  @IsIn(['active', 'expired', 'all'])
  state?: string = 'active';

  @IsOptional()
  @IsString()
  ruleId?: string;
}

export class SilenceDto {
  id: string;
  ruleId: string;
  hostId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  labels: Record<string, string> | null;
  reason: string;
  author: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
  /** Findings it currently covers. */
  findingsCovered: number;
}
