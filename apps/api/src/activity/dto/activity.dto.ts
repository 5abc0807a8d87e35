import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ACTIVITY_ACTIONS, ACTIVITY_TARGET_TYPES } from '@memfleet/contracts';
import { IsTimestamp } from '../../common/timestamp.validator';

export class ActivityQueryDto {
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

  /** Only this action. */
  @IsOptional()
  @IsIn(ACTIVITY_ACTIONS)
  @ApiProperty({ required: false, enum: ACTIVITY_ACTIONS })
  action?: string;

  /** Only entries by this actor (an API token's name), exactly. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  actor?: string;

  /** Only entries about this kind of target. */
  @IsOptional()
  @IsIn(ACTIVITY_TARGET_TYPES)
  @ApiProperty({ required: false, enum: ACTIVITY_TARGET_TYPES })
  targetType?: string;

  /** Only entries at or after this instant (RFC 3339). */
  @IsOptional()
  @IsTimestamp()
  @ApiProperty({ required: false, type: 'string', format: 'date-time', maxLength: 64 })
  since?: string;
}

export class ActivityDto {
  /** Increasing with each entry recorded. */
  id: string;
  at: string;
  /** Who: the API token's name (`agent:<hostId>` for an agent). */
  actor: string;
  /** The actor's role when it acted. */
  @ApiProperty({ enum: ['viewer', 'operator', 'admin', 'agent'] })
  actorRole: string;
  @ApiProperty({ enum: ACTIVITY_ACTIONS })
  action: string;
  @ApiProperty({ enum: ACTIVITY_TARGET_TYPES })
  targetType: string;
  targetId: string | null;
  /** What changed (e.g. `{ old, new }` of thresholds or labels); never a secret or token value. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export class ActivityPageDto {
  items: ActivityDto[];
  nextCursor: string | null;
  total: number;
}
