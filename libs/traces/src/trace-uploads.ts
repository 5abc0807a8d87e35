import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { JobName, traceJobId } from '@memfleet/contracts';
import { TracesRepository, type NewTrace } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';
import { storeTrace, type StoredTrace } from './trace-store';

/** Stores an upload, then queues its analysis under a fixed id; a trace that could not be queued is marked failed, not left queued. */
@Injectable()
export class TraceUploads {
  constructor(
    private readonly traces: TracesRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(body: Readable, gzipped: boolean, meta: NewTrace): Promise<StoredTrace> {
    const stored = await storeTrace(this.traces, body, gzipped, meta, {
      maxEvents: this.config.traceMaxEvents,
      maxBytes: this.config.traceMaxBytes,
    });
    try {
      await this.queue.enqueue({ name: JobName.AnalyzeTrace, data: { traceId: stored.id } }, traceJobId(stored.id));
    } catch {
      // The sweep re-adds the job of a trace left queued, so a Redis outage here delays the analysis, never loses it.
    }
    return stored;
  }
}
