import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { TRACE_STATUSES, TraceAnalysisSchema, TraceModelResultSchema, type TraceStatus } from '@memfleet/contracts';
import { ContractDto } from '../../common/contract-dto';

// Printable text without control characters: a subject or name is shown in lists and links.
const PRINTABLE = /^[^\p{Cc}]+$/u;

export class UploadTraceQueryDto {
  /** The host whose process recorded the trace (links the trace to that host's findings). */
  @IsOptional()
  @IsUUID()
  hostId?: string;

  /** The process on that host, as findings name it (their `subject`, e.g. `redis-server (pid 812)`). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'must be printable text without control characters' })
  subject?: string;

  /** A name to list it under (e.g. the file name). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'must be printable text without control characters' })
  name?: string;
}

export class TracesQueryDto {
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

  /** Only the traces linked to this host. */
  @IsOptional()
  @IsUUID()
  hostId?: string;

  /** Only the traces linked to this process (with hostId). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
}

export class UploadedTraceDto {
  id: string;
  @ApiProperty({ enum: TRACE_STATUSES })
  status: TraceStatus;
  /** Uncompressed bytes received. */
  bytes: number;
  events: number;
}

export class TraceItemDto {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** The token that uploaded it. */
  createdBy: string;
  name: string | null;
  hostId: string | null;
  /** The linked host's name; null when unlinked or the host was deleted. */
  hostname: string | null;
  subject: string | null;
  @ApiProperty({ enum: TRACE_STATUSES })
  status: TraceStatus;
  /** Uncompressed size as uploaded. */
  bytes: number;
  /** What it takes stored (gzip). */
  storedBytes: number;
  events: number;
  /** 0-1 while the analysis runs; 1 once done. */
  progress: number;
  error: string | null;
}

export class TracePageDto {
  items: TraceItemDto[];
  nextCursor: string | null;
  total: number;
}

export class TraceModelResultDto extends ContractDto(TraceModelResultSchema) {}
export class TraceAnalysisDto extends ContractDto(TraceAnalysisSchema, TraceModelResultDto) {}

export class TraceDetailDto extends TraceItemDto {
  /** The replay's results; null until the analysis is done. */
  analysis: TraceAnalysisDto | null;
}
