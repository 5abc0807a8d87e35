import { ApiProperty } from '@nestjs/swagger';
import { LABEL_KEY_PATTERN, LABEL_VALUE_MAX_LENGTH, MAX_LABELS } from '@memfleet/contracts';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class EnrollRequestDto {
  /** The deployment's enroll secret (MEMFLEET_ENROLL_SECRET, or the one printed at first start). */
  @IsString()
  @Length(16, 256)
  enrollSecret: string;

  /** /etc/machine-id of the host. */
  @IsString()
  @Length(1, 64)
  machineId: string;

  /** DMI product UUID; tells apart clones that share a machine-id. */
  @IsOptional()
  @IsString()
  @Length(0, 64)
  dmiProductUuid?: string | null;

  /** Display name only; identity is machineId + dmiProductUuid. */
  @IsString()
  @Length(1, 253)
  @Matches(/^[^\s]+$/, { message: 'hostname must not contain spaces' })
  hostname: string;

  /** Labels from `--label k=v`: at most 64, keys 1-63 of [A-Za-z0-9_.-/], values up to 256 characters. */
  @IsOptional()
  @IsObject()
  @ApiProperty({
    selfRequired: false,
    type: 'object',
    maxProperties: MAX_LABELS,
    additionalProperties: { type: 'string', maxLength: LABEL_VALUE_MAX_LENGTH },
    // propertyNames is JSON Schema the swagger typings do not list
    ...({ propertyNames: { pattern: LABEL_KEY_PATTERN } } as object),
  })
  labels?: Record<string, string>;
}

export class EnrollResponseDto {
  /** The host this token is bound to. */
  hostId: string;
  /** Per-host agent token (shown once; the agent stores it with mode 0600). */
  agentToken: string;
}
