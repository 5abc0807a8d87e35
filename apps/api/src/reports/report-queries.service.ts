import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evaluateJobId } from '@memfleet/contracts';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import type { FindingResultDto, ReportDetailDto } from './dto/report.dto';

const FINDING_COLUMNS = `rule_id AS "ruleId", rule_version AS "ruleVersion", subject, outcome, severity, summary, evidence, remediation, missing, silenced`;

@Injectable()
export class ReportQueriesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
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
    const poll = setInterval(() => void this.status(reportId).then((s) => s !== 'queued' && settled(), () => undefined), 500);
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
    const rows: { status: string }[] = await this.ds.query(`SELECT status FROM reports WHERE id = $1`, [reportId]);
    return rows[0]?.status ?? 'missing';
  }

  /** The host's findings as its latest evaluation left them (unchanged rows keep the report that last changed them). */
  async findingsOf(reportId: string): Promise<FindingResultDto[]> {
    return this.ds.query(`SELECT ${FINDING_COLUMNS} FROM findings WHERE host_id = (SELECT host_id FROM reports WHERE id = $1) ORDER BY rule_id, subject`, [reportId]);
  }

  async detail(id: string): Promise<ReportDetailDto> {
    const rows: ReportDetailDto[] = await this.ds.query(
      `SELECT r.id, r.host_id AS "hostId", r.sequence::float8 AS sequence, r.collected_at AS "collectedAt", r.received_at AS "receivedAt", r.status,
              r.attempts, r.error, r.evaluated_at AS "evaluatedAt", r.catalogue_revision AS "catalogueRevision", c.config_hash AS "configHash"
         FROM reports r JOIN host_configs c ON c.id = r.config_id WHERE r.id = $1`,
      [id],
    );
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No report ${id}.`);
    return { ...rows[0], findings: await this.findingsOf(id) };
  }
}
