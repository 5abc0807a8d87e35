import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_KINDS, DELIVERY_STATUSES, DESTINATION_TYPES } from '@memfleet/persistence';

export class CreateDestinationDto {
  /** Unique, e.g. "ops-webhook". */
  @IsString()
  @Length(1, 128)
  name: string;

  @IsIn(DESTINATION_TYPES)
  @ApiProperty({ enum: DESTINATION_TYPES })
  type: string;

  /** http(s) URL (webhook, slack, alertmanager: its base URL, `/api/v2/alerts` is appended); not for email. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  /** Recipients of an email destination. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  to?: string[];

  /** Webhook only: the HMAC-SHA256 key of X-Memfleet-Signature, at least 16 characters; omitted: generated and shown once. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  secret?: string;
}

/** The fields to change; the type stays. */
export class UpdateDestinationDto {
  @IsOptional()
  @IsString()
  @Length(1, 128)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  to?: string[];

  /** Webhook only: a new signing secret (at least 16 characters). */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  secret?: string;
}

export class DestinationDto {
  id: string;
  name: string;
  @ApiProperty({ enum: DESTINATION_TYPES })
  type: string;
  url: string | null;
  @ApiProperty({ type: [String], nullable: true })
  to: string[] | null;
  /** Whether webhook bodies are signed; the secret itself is never shown again. */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

export class CreatedDestinationDto extends DestinationDto {
  /** The generated signing secret, shown only in this answer (absent when the admin gave one). */
  @ApiProperty({ required: false })
  secret?: string;
}

export class DeliveriesQueryDto {
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

  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  @ApiProperty({ required: false, enum: DELIVERY_STATUSES })
  status?: string;
}

export class DeliveryDto {
  id: string;
  destinationId: string;
  @ApiProperty({ enum: DELIVERY_KINDS })
  kind: string;
  /** pending (not tried yet), retrying (failed, tried again after a backoff), delivered, or dead (gave up: see lastError). */
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: string;
  attempts: number;
  /** HTTP status of the last attempt (null for e-mail or when no answer came). */
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  summary: string;
}

export class DeliveryPageDto {
  items: DeliveryDto[];
  nextCursor: string | null;
  /** Deliveries matching the filter. */
  total: number;
}

export class TestDeliveryDto {
  deliveryId: string;
}
