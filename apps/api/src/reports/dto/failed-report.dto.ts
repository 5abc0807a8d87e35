import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class FailedReportsQueryDto {
  /** Only `failed` (the dead-letter view): reports whose evaluation failed for good, with their errors. */
  @IsIn(['failed'])
  status: 'failed';

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

export class FailedReportDto {
  id: string;
  hostId: string;
  hostname: string;
  /** The agent instance that sent it; null for agents that do not send one. */
  instanceId: string | null;
  sequence: number;
  collectedAt: string;
  receivedAt: string;
  /** When it was marked failed (after the last attempt, or when the queue gave up on its job). */
  failedAt: string | null;
  /** Evaluation attempts whose write was stored (failed attempts roll back, so usually 0). */
  attempts: number;
  /** Re-runs started with POST /api/v1/reports/:id/retry. */
  retries: number;
  /** Why evaluation failed. */
  error: string | null;
}

export class FailedReportPageDto {
  items: FailedReportDto[];
  nextCursor: string | null;
}

export class ReportRetryDto {
  reportId: string;
  /** `queued`: evaluation runs again under a fresh job id. */
  status: 'queued';
  retries: number;
}
