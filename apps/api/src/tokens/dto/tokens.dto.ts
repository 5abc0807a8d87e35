import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ROLES } from '@memfleet/contracts';

export class CreateTokenDto {
  /** Who or what uses it, e.g. "grafana" or "alice". */
  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES })
  role: string;

  /** When the token stops working (ISO 8601, in the future, at most 10 years ahead); omitted: never. */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ApiProperty({ required: false, format: 'date-time' })
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
