import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsTimestamp } from '../../common/timestamp.validator';

export class CreateEnrollSecretDto {
  /** What it is for, e.g. "rollout-2026-q1". */
  @IsString()
  @Length(1, 128)
  @Matches(/^[^\p{Cc}\p{Cs}]+$/u, { message: 'name must not contain control characters or lone surrogates' })
  name: string;

  /** When it stops being accepted (RFC 3339, at most 10 years ahead); without it, until revoked. */
  @IsOptional()
  @IsTimestamp()
  @ApiProperty({ required: false, type: 'string', format: 'date-time', maxLength: 64 })
  expiresAt?: string;
}

export class EnrollSecretDto {
  id: string;
  name: string;
  /** `bootstrap`: MEMFLEET_ENROLL_SECRET or the one generated at first start; `api`: created here. */
  @ApiProperty({ enum: ['bootstrap', 'api'] })
  origin: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Accepted by enroll now: neither revoked nor expired. */
  active: boolean;
}

export class CreatedEnrollSecretDto extends EnrollSecretDto {
  /** Shown once; only its hash is stored. */
  secret: string;
}
