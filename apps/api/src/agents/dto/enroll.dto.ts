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

  /** Labels from `--label k=v`. */
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;
}

export class EnrollResponseDto {
  /** The host this token is bound to. */
  hostId: string;
  /** Per-host agent token (shown once; the agent stores it with mode 0600). */
  agentToken: string;
}
