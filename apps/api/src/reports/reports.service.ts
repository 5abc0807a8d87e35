import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, evaluateJobId, type Report } from '@memfleet/contracts';
import { stableStringify } from '@memfleet/evaluation';
import { JOB_QUEUE, MemfleetMetrics, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import { denormalisedHostFacts } from './host-facts';

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
    if (idempotencyKey) {
      const prior = await this.byIdempotencyKey(hostId, idempotencyKey);
      if (prior) return prior;
    }
    const hash = createHash('sha256').update(stableStringify(report.configuration)).digest('hex');
    const known = this.knownConfigs.get(hostId);
    const facts = denormalisedHostFacts(report);
    const params = [
      hostId,
      hash,
      known?.hash === hash ? null : JSON.stringify(report.configuration),
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
      rows = await this.ds.query(INGEST_SQL, params);
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
      // Lost a race with a replay of the same Idempotency-Key.
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

// $3 is null when this process already knows the config id for (host, hash): the JSON is then
// neither sent nor parsed again. Unchanged configurations only bump last_seen_at.
const INGEST_SQL = `
WITH cfg_existing AS (
  UPDATE host_configs SET last_seen_at = now() WHERE host_id = $1 AND config_hash = $2 RETURNING id, false AS inserted
), cfg_new AS (
  INSERT INTO host_configs (host_id, config_hash, configuration)
  SELECT $1, $2, $3::jsonb WHERE $3::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cfg_existing)
  ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now()
  RETURNING id, (xmax = 0) AS inserted
), cfg AS (
  SELECT id, inserted FROM cfg_existing UNION ALL SELECT id, inserted FROM cfg_new LIMIT 1
), rep AS (
  INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, idempotency_key, metrics, collection_errors)
  SELECT $1, cfg.id, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb FROM cfg
  ON CONFLICT (host_id, idempotency_key) DO NOTHING
  RETURNING id, config_id, sequence
), host AS (
  UPDATE hosts h SET
    last_seen_at = now(), retired_at = NULL, hostname = $11, agent_labels = $12::jsonb, labels = $12::jsonb || h.admin_labels,
    interval_seconds = $13, agent_version = $7, latest_report_id = rep.id, latest_config_id = rep.config_id, last_sequence = rep.sequence,
    architecture = $14, hypervisor = $15, kernel_release = $16, thp_enabled = $17, overcommit_memory = $18, cpu_online_count = $19, mem_total_bytes = $20
  FROM rep WHERE h.id = $1 AND h.last_sequence < rep.sequence
  RETURNING h.id
)
SELECT rep.id AS report_id, rep.config_id, cfg.inserted AS config_inserted, (SELECT count(*) FROM host) AS advanced FROM rep, cfg`;
