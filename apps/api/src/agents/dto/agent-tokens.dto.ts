import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp } from '../../common/timestamp.validator';

export class AgentTokenDto {
  id: string;
  createdAt: string;
  /** The last use, to within 10 minutes: a use less than 10 minutes after the recorded one is not written. */
  lastUsedAt: string | null;
  /** Set once revoked (by an admin, or by a re-enroll of the host). */
  revokedAt: string | null;
}

export class ReenrollGrantRequestDto {
  /** When the grant lapses if unused (RFC 3339, at most 7 days ahead); default one hour from now. */
  @IsOptional()
  @IsTimestamp()
  @ApiProperty({ required: false, type: 'string', format: 'date-time', maxLength: 64 })
  expiresAt?: string;
}

export class ReenrollGrantDto {
  hostId: string;
  createdAt: string;
  createdBy: string | null;
  /** The host's machine may enroll again once before this. */
  expiresAt: string;
}
