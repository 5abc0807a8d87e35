import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { AUDIT_FORMATS, LABEL_VALUE_MAX_LENGTH, MAX_LABELS } from '@memfleet/contracts';

/**
 * The value as sent: the validation pipe converts implicitly, which would read `"enabled": "yes"` as true
 * and `"name": 7` as "7"; these fields are checked as given instead.
 */
const AsSent = () => Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key]);

/** Destinations one schedule may send to. */
export const MAX_SCHEDULE_DESTINATIONS = 20;

export class CreateAuditScheduleDto {
  /** Unique among schedules, e.g. "edge nightly"; its audits are requested by `schedule:<name>`. */
  @AsSent()
  @IsString()
  @Length(1, 100)
  name: string;

  /**
   * When it runs: a cron expression of 5 fields (minute hour day-of-month month day-of-week), or 6 with
   * seconds first, read in `timeZone` — e.g. `0 6 * * 1-5` is 06:00 on weekdays.
   */
  @AsSent()
  @IsString()
  @Length(1, 200)
  cron: string;

  /** IANA time zone the expression is read in, e.g. Europe/Berlin (default UTC). */
  @IsOptional()
  @AsSent()
  @IsString()
  @Length(1, 64)
  timeZone?: string;

  /** Label selector: the audit covers only hosts carrying all these labels; {} or omitted: the whole fleet. */
  @IsOptional()
  @IsObject()
  @ApiProperty({ selfRequired: false, type: 'object', maxProperties: MAX_LABELS, additionalProperties: { type: 'string', maxLength: LABEL_VALUE_MAX_LENGTH } })
  scope?: Record<string, string>;

  /** Exports made of each audit and sent to the destinations (default all: html, pdf, csv, json). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AUDIT_FORMATS, { each: true })
  @ApiProperty({ required: false, enum: AUDIT_FORMATS, isArray: true })
  formats?: string[];

  /** Destinations each audit is sent to (default none). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SCHEDULE_DESTINATIONS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  destinationIds?: string[];

  /** Whether it runs (default true); a disabled schedule is kept and starts nothing. */
  @IsOptional()
  @AsSent()
  @IsBoolean()
  enabled?: boolean;
}

/** The fields to change; the others stay as they are. */
export class UpdateAuditScheduleDto {
  @IsOptional()
  @AsSent()
  @IsString()
  @Length(1, 100)
  name?: string;

  /** A cron expression (5 fields, or 6 with seconds first), read in the schedule's time zone. */
  @IsOptional()
  @AsSent()
  @IsString()
  @Length(1, 200)
  cron?: string;

  /** IANA time zone. */
  @IsOptional()
  @AsSent()
  @IsString()
  @Length(1, 64)
  timeZone?: string;

  /** Label selector replacing the current one ({}: the whole fleet). */
  @IsOptional()
  @IsObject()
  @ApiProperty({ selfRequired: false, type: 'object', maxProperties: MAX_LABELS, additionalProperties: { type: 'string', maxLength: LABEL_VALUE_MAX_LENGTH } })
  scope?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AUDIT_FORMATS, { each: true })
  @ApiProperty({ required: false, enum: AUDIT_FORMATS, isArray: true })
  formats?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SCHEDULE_DESTINATIONS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  destinationIds?: string[];

  @IsOptional()
  @AsSent()
  @IsBoolean()
  enabled?: boolean;
}

export class AuditSchedulesQueryDto {
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
}

export class AuditScheduleDto {
  id: string;
  name: string;
  cron: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  scope: Record<string, string>;
  @ApiProperty({ enum: AUDIT_FORMATS, isArray: true })
  formats: string[];
  destinationIds: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** Who created it: a token's name, or MEMFLEET_AUDIT_CRON for the default schedule. */
  createdBy: string;
  /** The next tick; null while disabled. */
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  nextRunAt: string | null;
}

/** Schedules by name. */
export class AuditSchedulePageDto {
  items: AuditScheduleDto[];
  nextCursor: string | null;
  total: number;
}
