import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { JobName, SEQUENCE_JUMP_LIMIT, evaluateJobId, type JobItem, type Report } from '@memfleet/contracts';
import { ingestRowOf, openIngestPool, ReportsRepository } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, MemfleetMetrics, type AppConfig, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import { IngestBatcher } from './ingest-batcher';

export interface Accepted {
  reportId: string;
  hostId: string;
  status: string;
  configurationChanged: boolean;
  replay: boolean;
}

/** Ingest: store the report (batched with concurrent ones), then queue its evaluation. */
@Injectable()
export class ReportsService implements OnApplicationShutdown {
  private readonly logger = new Logger('reports');
  // hostId → the config row of its last configuration. Config rows are immutable, so a hit stays valid
  // until the host is deleted (then the write fails and the full path runs).
  private readonly knownConfigs = new Map<string, { hash: string; id: string }>();
  private readonly batcher: IngestBatcher;
  private pendingJobs: { item: JobItem; jobId: string }[] = [];
  private jobsScheduled = false;

  constructor(
    private readonly reports: ReportsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly metrics: MemfleetMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // On PostgreSQL the batch statement gets connections of its own that keep its generic plan (see
    // openIngestPool). Embedded PGlite serves one connection, shared.
    this.ingestPool = config.databaseUrl
      ? openIngestPool(config.databaseUrl, IngestBatcher.MAX_IN_FLIGHT, (err) => this.logger.warn({ err: err.message }, 'ingest connection lost'))
      : null;
    const pool = this.ingestPool ?? undefined;
    this.batcher = new IngestBatcher((rows) => this.reports.ingestBatch(rows, pool));
  }

  private readonly ingestPool: Pool | null;

  /** After the HTTP server has stopped: no request is left to store. */
  async onApplicationShutdown(): Promise<void> {
    await this.ingestPool?.end();
  }

  /**
   * Hashes a (not yet validated) body's configuration text. The agent writes configuration keys in a
   * fixed order, so the text hashes stably; a reordering would only store one more row, never lose one.
   * `known` says this host's stored configuration has exactly this text, so it was validated before.
   */
  fingerprint(hostId: string, body: unknown): { hash: string; known: boolean } {
    const configJson = JSON.stringify((body as { configuration?: unknown } | null)?.configuration ?? null);
    const hash = createHash('sha256').update(configJson).digest('hex');
    return { hash, known: this.knownConfigs.get(hostId)?.hash === hash };
  }

  /**
   * Hash of the whole validated report, to tell a replay under an Idempotency-Key from a reuse with another
   * body: the configuration through its hash, the rest as sent (validated, so its depth is bounded).
   */
  private payloadHash(report: Report, configHash: string, receivedVersion: number): string {
    const { configuration: _configuration, ...rest } = report;
    return createHash('sha256').update(`${receivedVersion}:${configHash}:`).update(JSON.stringify(rest)).digest('hex');
  }

  async accept(
    hostId: string,
    report: Report,
    idempotencyKey: string | null,
    print = this.fingerprint(hostId, report),
    receivedVersion: number = report.schemaVersion,
    fullPath = false,
  ): Promise<Accepted> {
    const { hash } = print;
    const known = fullPath ? undefined : this.knownConfigs.get(hostId);
    const sendConfig = known?.hash !== hash;
    const payload = idempotencyKey ? this.payloadHash(report, hash, receivedVersion) : null;
    let outcome;
    try {
      outcome = await this.batcher.submit(ingestRowOf(hostId, report, hash, sendConfig, idempotencyKey, receivedVersion, payload));
    } catch (err) {
      if ((err as { code?: string }).code === '23503') {
        if (!sendConfig) return this.accept(hostId, report, idempotencyKey, print, receivedVersion, true);
        // With the configuration in the same statement, only the host can be missing: deleted since the token was checked.
        throw new ProblemException(401, 'unauthenticated', 'The host of this token was deleted; enroll again.');
      }
      throw err;
    }
    if (outcome.sequenceJump) throw sequenceJump(report.sequence, outcome.lastSequence);
    if (!outcome.reportId) {
      if (idempotencyKey) {
        const prior = await this.byIdempotencyKey(hostId, idempotencyKey, payload);
        if (prior) return prior; // the key was used before: answer as the first request did
      }
      if (!sendConfig) return this.accept(hostId, report, idempotencyKey, print, receivedVersion, true); // cached config row vanished
      throw new ProblemException(409, 'conflict', 'The report could not be stored; retry.');
    }
    if (outcome.configId) this.knownConfigs.set(hostId, { hash, id: outcome.configId });
    if (this.knownConfigs.size > 200_000) this.knownConfigs.clear();
    this.metrics.reportsAccepted.inc({ configuration: outcome.configInserted ? 'changed' : 'unchanged' });
    await this.enqueue(outcome.reportId, hostId);
    return { reportId: outcome.reportId, hostId, status: 'queued', configurationChanged: outcome.configInserted, replay: false };
  }

  /** Queues evaluation; jobs of concurrent requests share one Redis round trip. */
  enqueue(reportId: string, hostId: string): Promise<void> {
    const data = { reportId, hostId, catalogueRevision };
    this.pendingJobs.push({ item: { name: JobName.EvaluateReport, data }, jobId: evaluateJobId(data) });
    if (!this.jobsScheduled) {
      this.jobsScheduled = true;
      this.jobsFlushed = new Promise((resolve) =>
        setImmediate(() => {
          const jobs = this.pendingJobs;
          this.pendingJobs = [];
          this.jobsScheduled = false;
          this.queue.enqueueMany(jobs).then(resolve, (err: Error) => {
            // The reports are stored; the stranded-report sweep queues them once the queue is back.
            this.logger.warn({ reports: jobs.length, err: err.message }, 'enqueue failed; reports stay queued for the sweep');
            resolve();
          });
        }),
      );
    }
    return this.jobsFlushed;
  }

  private jobsFlushed: Promise<void> = Promise.resolve();

  /** A replay answers as the first request did; the same key with another payload is refused (IETF idempotency-key draft: 422). */
  private async byIdempotencyKey(hostId: string, key: string, payload: string | null): Promise<Accepted | null> {
    const prior = await this.reports.byIdempotencyKey(hostId, key);
    if (!prior) return null;
    // Reports stored before payload hashes were kept cannot be compared: they answer as replays.
    if (prior.payloadHash !== null && prior.payloadHash !== payload) {
      throw new ProblemException(
        422,
        'idempotency-key-reused',
        `Idempotency-Key ${key} was used for another report (${prior.id}) with a different payload; send a new report under a new key.`,
        { errors: [{ path: 'header.Idempotency-Key', reason: 'was already used with a different payload' }] },
      );
    }
    return { reportId: prior.id, hostId, status: prior.status, configurationChanged: false, replay: true };
  }
}

function sequenceJump(sequence: number, last: number | null): ProblemException {
  const limit = (last ?? 0) + SEQUENCE_JUMP_LIMIT;
  return new ProblemException(
    400,
    'invalid-fields',
    `sequence ${sequence} is more than ${SEQUENCE_JUMP_LIMIT} ahead of this agent instance's latest report (${last}); nothing was stored.`,
    { errors: [{ path: 'sequence', reason: `must be at most ${limit} (the latest sequence of this agent instance + ${SEQUENCE_JUMP_LIMIT})` }] },
  );
}
