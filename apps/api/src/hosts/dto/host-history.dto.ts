import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export const HISTORY_RANGES = ['6h', '24h', '7d', '14d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

export class HostHistoryQueryDto {
  /** How far back from now the charts reach. */
  @IsOptional()
  @IsIn(HISTORY_RANGES)
  range?: HistoryRange = '24h';

  /** A process subject whose RSS series is included even when it is not among the largest. */
  @IsOptional()
  @IsString()
  @Length(1, 512)
  process?: string;
}

export class HistoryPointDto {
  /** When the agent collected the sample this point is. */
  collectedAt: string;
  sequence: number;
  memAvailableBytes: number | null;
  committedAsBytes: number | null;
  commitLimitBytes: number | null;
  /** Usable space (f_bavail) of /dev/shm. */
  shmAvailableBytes: number | null;
  cpuOnlineCount: number | null;
}

export class HistorySeriesDto {
  /** The process subject (for an Aeron directory, the process that uses it). */
  subject: string;
  /** One value per point, in the order of `points`; null where that sample lacks it. */
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true } })
  values: (number | null)[];
}

export class HostHistoryDto {
  // Listed explicitly: an inferred union's member order follows the type checker and changes with unrelated files.
  @ApiProperty({ enum: HISTORY_RANGES })
  range: HistoryRange;
  /** Start of the range (exclusive): the slice boundary at or just after now less the range. */
  from: string;
  /** Now, or the newest sample's time when an agent clock runs ahead. */
  to: string;
  /** Each point is the newest sample of one slice of this many seconds. */
  bucketSeconds: number;
  /** How many days of samples the server keeps (MEMFLEET_HISTORY_DAYS); older ranges come back shorter. */
  historyDays: number;
  /** Oldest first, at most one per bucket. */
  points: HistoryPointDto[];
  /** RSS per process, largest peak first; at most 50 (plus the one asked for by `process`). */
  processes: HistorySeriesDto[];
  /** Processes that had RSS in the range but were left out of `processes`. */
  processesOmitted: number;
  /** Usable bytes (f_bavail) of each process's aeron.dir as that process sees it. */
  aeronDirs: HistorySeriesDto[];
}
