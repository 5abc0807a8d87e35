import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ROLES } from '@memfleet/contracts';

export class CreateTokenDto {
  /** Who or what uses it, e.g. "grafana" or "alice". */
  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES })
  role: string;
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
}

export class CreatedTokenDto {
  id: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
  /** Shown once; only its hash is stored. */
  token: string;
}

export class WhoAmIDto {
  @ApiProperty({ enum: ['api', 'agent'] })
  kind: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
}
