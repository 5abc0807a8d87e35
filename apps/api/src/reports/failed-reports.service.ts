import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, evaluateJobId } from '@memfleet/contracts';
import { ReportsRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { FailedReportPageDto, FailedReportsQueryDto, ReportRetryDto } from './dto/failed-report.dto';

/** The dead-letter view of reports whose evaluation failed for good, and their re-run. */
@Injectable()
export class FailedReportsService {
  private readonly logger = new Logger('reports');

  constructor(
    private readonly reports: ReportsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly activity: ActivityService,
  ) {}

  async list(query: FailedReportsQueryDto): Promise<FailedReportPageDto> {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor, 'timestamp');
    const after = cursor ? { failedAt: String(cursor.v), id: cursor.id } : null;
    const rows = await this.reports.failedPage(after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => wire(r)),
      nextCursor: rows.length > limit && last?.failedAt ? encodeCursor({ v: last.failedAt.toISOString(), id: last.id }) : null,
    };
  }

  /** Queues a failed report's evaluation again under a fresh job id; if the queue is down, the sweep queues it. */
  async retry(reportId: string, by: Principal): Promise<ReportRetryDto> {
    const requeued = await this.activity.recorded(
      by,
      (m) => this.reports.requeueFailed(reportId, m),
      (r) => (r ? { action: 'report.retried', targetType: 'report', targetId: reportId, details: { hostId: r.hostId, retry: r.retries } } : null),
    );
    if (!requeued) {
      const status = await this.reports.status(reportId);
      if (!status) throw new ProblemException(404, 'not-found', `No report ${reportId}.`);
      throw new ProblemException(409, 'report-not-failed', `Report ${reportId} is ${status}; only a failed report can be re-run.`);
    }
    const data = { reportId, hostId: requeued.hostId, catalogueRevision, retry: requeued.retries };
    try {
      await this.queue.enqueue({ name: JobName.EvaluateReport, data }, evaluateJobId(data));
    } catch (err) {
      this.logger.warn({ reportId, err: (err as Error).message }, 'enqueue of a re-run failed; the report stays queued for the sweep');
    }
    return { reportId, status: 'queued', retries: requeued.retries };
  }
}
