import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ROLES } from '@memfleet/contracts';
import { IsTimestamp } from '../../common/timestamp.validator';

export class CreateTokenDto {
  /** Who or what uses it, e.g. "grafana" or "alice". */
  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES })
  role: string;

  /** When the token stops working (RFC 3339, in the future, at most 10 years ahead); omitted: never. */
  @IsOptional()
  @IsTimestamp()
  @ApiProperty({ required: false, type: 'string', format: 'date-time', maxLength: 64 })
  expiresAt?: string;
}

export class TokenDto {
  id: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Null: never expires. */
  expiresAt: string | null;
}

export class CreatedTokenDto {
  id: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
  /** Shown once; only its hash is stored. */
  token: string;
  expiresAt: string | null;
}

export class WhoAmIDto {
  @ApiProperty({ enum: ['api', 'agent'] })
  kind: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
}
