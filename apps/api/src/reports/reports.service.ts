import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { JobName, SEQUENCE_JUMP_LIMIT, evaluateJobId, type Configuration, type JobItem, type MetricsOnlyReport, type Report } from '@memfleet/contracts';
import { configurationFactsOf, ingestRowWith, openIngestPool, ReportsRepository, type ConfigurationFacts } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, MemfleetMetrics, type AppConfig, type JobQueue } from '@memfleet/platform';
import { catalogueRevision, inputsDigest, runtimeKindsOf } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import { IngestBatcher } from './ingest-batcher';

export interface Accepted {
  reportId: string;
  hostId: string;
  status: string;
  configurationChanged: boolean;
  replay: boolean;
  /** The hash of the configuration the server now holds for this report of the host. */
  configurationHash: string;
}

/** A validated report on its way in: `configuration` null for a metrics-only (schema version 3) one. */
export interface IncomingReport {
  report: Report | MetricsOnlyReport;
  configuration: Configuration | null;
  receivedVersion: number;
}

/**
 * Hosts whose configuration row one API process keeps (a few hundred bytes each). A metrics-only report of a host
 * not kept costs one more query, which reads the stored configuration.
 */
const KNOWN_CONFIGS_MAX = 200_000;

/** The config row of a host's last configuration and what a report's row takes from it. */
interface HeldConfiguration {
  hash: string;
  id: string;
  facts: ConfigurationFacts;
  /** The runtime kinds of its processes: rules of other runtimes leave the digest (onlyWithRuntimes). */
  runtimeKinds: ReadonlySet<string>;
}

/** Ingest: store the report (batched with concurrent ones), then queue its evaluation. */
@Injectable()
export class ReportsService implements OnApplicationShutdown {
  private readonly logger = new Logger('reports');
  // hostId → the config row of its last configuration. Config rows are immutable, so a hit stays valid
  // until the row is deleted (then the statement says configuration_required and the full path runs, or
  // a metrics-only report is answered 409).
  private readonly knownConfigs = new Map<string, HeldConfiguration>();
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
   * The hash a (not yet validated) body's configuration is stored under. Schema version 3 declares it
   * (validation checks it against the configuration). Versions 1 and 2 hash the configuration's text: the
   * agent writes configuration keys in a fixed order, so the text hashes stably; a reordering would only
   * store one more row, never lose one. `known` says this host's stored configuration has this hash, so
   * it was validated before.
   */
  fingerprint(hostId: string, body: unknown): { hash: string; known: boolean } {
    const b = body as { schemaVersion?: unknown; configuration?: unknown; configurationHash?: unknown } | null;
    let hash: string;
    if (b?.schemaVersion === 3) hash = typeof b.configurationHash === 'string' ? b.configurationHash : '';
    else
      hash = createHash('sha256')
        .update(JSON.stringify(b?.configuration ?? null))
        .digest('hex');
    return { hash, known: hash !== '' && this.knownConfigs.get(hostId)?.hash === hash };
  }

  /**
   * Hash of the whole validated report, to tell a replay under an Idempotency-Key from a reuse with another
   * body: the configuration through its hash, the rest as sent (validated, so its depth is bounded). A
   * metrics-only report and the same report sent whole hash alike: the whole one may answer the other's 409.
   */
  private payloadHash(report: Report | MetricsOnlyReport, configHash: string, receivedVersion: number): string {
    const { configuration: _configuration, ...rest } = report;
    return createHash('sha256').update(`${receivedVersion}:${configHash}:`).update(JSON.stringify(rest)).digest('hex');
  }

  async accept(hostId: string, incoming: IncomingReport, idempotencyKey: string | null, print: { hash: string }, fullPath = false): Promise<Accepted> {
    const { report, configuration, receivedVersion } = incoming;
    const { hash } = print;
    const payload = idempotencyKey ? this.payloadHash(report, hash, receivedVersion) : null;
    let held = fullPath ? undefined : this.knownConfigs.get(hostId);
    if (held?.hash !== hash) held = undefined;
    if (!configuration && !held) {
      // a metrics-only report the cache cannot place: the stored configuration gives its row's facts
      const stored = await this.reports.heldConfiguration(hostId, hash);
      if (!stored) return this.withoutConfiguration(hostId, hash, idempotencyKey, payload);
      held = { hash, id: stored.id, facts: configurationFactsOf(stored.configuration), runtimeKinds: runtimeKindsOf(stored.configuration) };
    }
    const facts = held?.facts ?? configurationFactsOf(configuration as Configuration);
    const runtimeKinds = held?.runtimeKinds ?? runtimeKindsOf(configuration as Configuration);
    const row = ingestRowWith(hostId, report, hash, held ? null : configuration, facts, idempotencyKey, receivedVersion, payload);
    let outcome;
    try {
      outcome = await this.batcher.submit({
        ...row,
        inputs_digest: inputsDigest({ configurationHash: hash, metrics: report.metrics, labels: report.labels, runtimeKinds }),
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23503') {
        if (held && configuration) return this.accept(hostId, incoming, idempotencyKey, print, true);
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
      if (outcome.configurationRequired) {
        this.knownConfigs.delete(hostId);
        // the cached config row vanished: send the configuration, or ask the agent for it
        if (configuration) return this.accept(hostId, incoming, idempotencyKey, print, true);
        return this.withoutConfiguration(hostId, hash, idempotencyKey, payload);
      }
      throw new ProblemException(409, 'conflict', 'The report could not be stored; retry.');
    }
    if (outcome.configId) {
      // least recently reporting host first out: a Map iterates in insertion order, so re-insert on every report
      this.knownConfigs.delete(hostId);
      this.knownConfigs.set(hostId, { hash, id: outcome.configId, facts, runtimeKinds });
      if (this.knownConfigs.size > KNOWN_CONFIGS_MAX) this.knownConfigs.delete(this.knownConfigs.keys().next().value!);
    }
    this.metrics.reportsAccepted.inc({ configuration: outcome.configInserted ? 'changed' : 'unchanged' });
    // A settled report changed no rule input: stored, and no job (incremental evaluation).
    if (!outcome.settled) await this.enqueue(outcome.reportId, hostId);
    return {
      reportId: outcome.reportId,
      hostId,
      status: outcome.settled ? 'settled' : 'queued',
      configurationChanged: outcome.configInserted,
      replay: false,
      configurationHash: hash,
    };
  }

  /**
   * A metrics-only report whose hash the host holds no configuration under: nothing is stored and nothing
   * bound to its Idempotency-Key, so the whole report may follow under the same key — unless the key
   * already names a stored report (a replay).
   */
  private async withoutConfiguration(hostId: string, hash: string, idempotencyKey: string | null, payload: string | null): Promise<Accepted> {
    if (idempotencyKey) {
      const prior = await this.byIdempotencyKey(hostId, idempotencyKey, payload);
      if (prior) return prior;
    }
    throw new ProblemException(
      409,
      'configuration-required',
      `This server holds no configuration with hash ${hash} for this host; nothing was stored. Send the report again with its configuration, under the same Idempotency-Key.`,
      { configurationHash: hash },
    );
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
    return { reportId: prior.id, hostId, status: prior.status, configurationChanged: false, replay: true, configurationHash: prior.configHash };
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
