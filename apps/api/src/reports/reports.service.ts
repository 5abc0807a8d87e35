import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { JobName, evaluateJobId, type Report } from '@memfleet/contracts';
import { JOB_QUEUE, MemfleetMetrics, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import { denormalisedHostFacts } from './host-facts';
import { INGEST_SQL } from './ingest.sql';

export interface Accepted {
  reportId: string;
  hostId: string;
  status: string;
  configurationChanged: boolean;
  replay: boolean;
}

/**
 * Ingest: one statement stores the report (deduplicating its configuration by content hash),
 * advances the host only when the sequence is newer, then the evaluation job is queued.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('reports');
  // hostId → config hash → config id. Config rows are immutable, so a hit is always valid.
  private readonly knownConfigs = new Map<string, { hash: string; id: string }>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly metrics: MemfleetMetrics,
  ) {}

  async accept(hostId: string, report: Report, idempotencyKey: string | null): Promise<Accepted> {
    // The agent writes configuration keys in a fixed order, so its JSON text hashes stably; a reordering
    // would only store one more configuration row, never lose one.
    const configJson = JSON.stringify(report.configuration);
    const hash = createHash('sha256').update(configJson).digest('hex');
    const known = this.knownConfigs.get(hostId);
    const facts = denormalisedHostFacts(report);
    const params = [
      hostId,
      hash,
      known?.hash === hash ? null : configJson,
      report.sequence,
      report.collectedAt,
      report.schemaVersion,
      report.agent.version,
      idempotencyKey,
      JSON.stringify(report.metrics),
      JSON.stringify(report.collectionErrors),
      report.configuration.host.hostname,
      JSON.stringify(report.labels),
      report.intervalSeconds,
      facts.architecture,
      facts.hypervisor,
      facts.kernelRelease,
      facts.thpEnabled,
      facts.overcommitMemory,
      facts.cpuOnlineCount,
      facts.memTotalBytes,
    ];
    let rows: { report_id: string; config_id: string; config_inserted: boolean }[];
    try {
      // A named statement is parsed and planned once per connection.
      rows = (await (this.ds.driver as PostgresDriver).master.query({ name: 'memfleet-ingest', text: INGEST_SQL, values: params })).rows;
    } catch (err) {
      if (known && (err as { code?: string }).code === '23503') {
        this.knownConfigs.delete(hostId); // host deleted and re-created: take the full path
        return this.accept(hostId, report, idempotencyKey);
      }
      throw err;
    }
    if (rows.length === 0 && known?.hash === hash) {
      this.knownConfigs.delete(hostId); // the cached config row is gone (host deleted): take the full path
      return this.accept(hostId, report, idempotencyKey);
    }
    if (rows.length === 0) {
      // The Idempotency-Key was used before: answer as the first request did.
      const prior = idempotencyKey ? await this.byIdempotencyKey(hostId, idempotencyKey) : null;
      if (prior) return prior;
      throw new ProblemException(409, 'conflict', 'The report could not be stored; retry.');
    }
    const { report_id: reportId, config_id: configId, config_inserted: configInserted } = rows[0];
    this.knownConfigs.set(hostId, { hash, id: configId });
    if (this.knownConfigs.size > 200_000) this.knownConfigs.clear();
    this.metrics.reportsAccepted.inc({ configuration: configInserted ? 'changed' : 'unchanged' });
    await this.enqueue(reportId, hostId);
    return { reportId, hostId, status: 'queued', configurationChanged: configInserted, replay: false };
  }

  async enqueue(reportId: string, hostId: string): Promise<void> {
    const data = { reportId, hostId, catalogueRevision };
    try {
      await this.queue.enqueue({ name: JobName.EvaluateReport, data }, evaluateJobId(data));
    } catch (err) {
      // The report is stored; the stranded-report sweep queues it once the queue is back.
      this.logger.warn({ reportId, err: (err as Error).message }, 'enqueue failed; report stays queued for the sweep');
    }
  }

  private async byIdempotencyKey(hostId: string, key: string): Promise<Accepted | null> {
    const rows: { id: string; status: string }[] = await this.ds.query(`SELECT id, status FROM reports WHERE host_id = $1 AND idempotency_key = $2`, [hostId, key]);
    return rows[0] ? { reportId: rows[0].id, hostId, status: rows[0].status, configurationChanged: false, replay: true } : null;
  }
}
