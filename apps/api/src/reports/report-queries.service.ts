import { Inject, Injectable } from '@nestjs/common';
import { evaluateJobId } from '@memfleet/contracts';
import { FindingsRepository, ReportsRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { FindingResultDto, ReportDetailDto } from './dto/report.dto';

@Injectable()
export class ReportQueriesService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly findings: FindingsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Resolves with the report's status once evaluation settles, or 'queued' at the deadline. */
  async waitForEvaluation(reportId: string, timeoutMs: number): Promise<string> {
    const jobId = evaluateJobId({ reportId, hostId: '', catalogueRevision });
    let settled!: () => void;
    const done = new Promise<void>((r) => (settled = r));
    const off = this.queue.onSettled((e) => e.jobId === jobId && settled());
    const timer = setTimeout(settled, timeoutMs);
    // A slow poll covers events lost across processes.
    const poll = setInterval(
      () =>
        void this.status(reportId).then(
          (s) => s !== 'queued' && settled(),
          () => undefined,
        ),
      500,
    );
    try {
      const now = await this.status(reportId);
      if (now !== 'queued') return now;
      await done;
      return await this.status(reportId);
    } finally {
      off();
      clearTimeout(timer);
      clearInterval(poll);
    }
  }

  private async status(reportId: string): Promise<string> {
    return (await this.reports.status(reportId)) ?? 'missing';
  }

  /** The host's findings as its latest evaluation left them (unchanged rows keep the report that last changed them). */
  /** The findings a report post is answered with: its host's, as the latest evaluation left them. */
  async findingsOfHost(hostId: string): Promise<FindingResultDto[]> {
    return this.findings.resultsOfHost(hostId);
  }

  async findingsOf(reportId: string): Promise<FindingResultDto[]> {
    return this.findings.ofReportHost(reportId);
  }

  async detail(id: string): Promise<ReportDetailDto> {
    const report = await this.reports.detail(id);
    if (!report) throw new ProblemException(404, 'not-found', `No report ${id}.`);
    return { ...wire(report), findings: await this.findingsOf(id) };
  }
}
