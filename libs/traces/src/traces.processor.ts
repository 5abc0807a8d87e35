import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { JobName, traceJobId, type AnalyzeTracePayload, type HousekeepingPayload } from '@memfleet/contracts';
import { isDatabaseUnavailable, TracesRepository } from '@memfleet/persistence';
import { JOB_QUEUE, OnJob, RetryLaterError, type JobContext, type JobQueue } from '@memfleet/platform';
import { analyzeTrace } from '@memfleet/trace-lab';
import { readStoredTrace } from './trace-store';

/** Longer than a 10,000,000-event replay takes, short enough that a lost one is soon run again. */
export const STRANDED_TRACE_SECONDS = 600;
/** An upload whose process died mid-body leaves an `uploading` row; after this long it is deleted. */
export const ABANDONED_UPLOAD_MINUTES = 60;
const PROGRESS_EVERY_MS = 500;

/** Replays uploaded traces through the allocator models, and sweeps traces whose job or upload was lost. */
@Injectable()
export class TracesProcessor {
  private readonly logger = new Logger('traces');

  constructor(
    private readonly traces: TracesRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Idempotent: a done or failed trace is left as it is; a run cut short starts over from the first chunk. */
  @OnJob(JobName.AnalyzeTrace)
  async analyze(data: AnalyzeTracePayload, ctx: JobContext): Promise<string> {
    try {
      const trace = await this.traces.get(data.traceId);
      if (!trace || !(await this.traces.start(data.traceId))) return 'skipped';
      const startedAt = Date.now();
      let lastWrite = startedAt;
      let writing: Promise<void> = Promise.resolve();
      const analysis = await analyzeTrace(readStoredTrace(this.traces, data.traceId), {
        onProgress: ({ bytes }) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_EVERY_MS || !trace.bytes) return;
          lastWrite = now;
          writing = writing.then(() => this.traces.progress(data.traceId, Math.min(0.99, bytes / trace.bytes))).catch(() => undefined);
        },
      });
      await writing;
      await this.traces.complete(data.traceId, analysis);
      this.logger.log(`trace ${data.traceId}: ${analysis.events} events through ${analysis.models.length} allocator runs in ${Date.now() - startedAt} ms`);
      return 'done';
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new RetryLaterError(err);
      const message = (err as Error).message;
      this.logger.warn(`trace ${data.traceId} attempt ${ctx.attempt}/${ctx.maxAttempts} failed: ${message}`);
      if (ctx.attempt >= ctx.maxAttempts) await this.traces.fail(data.traceId, message).catch(() => undefined);
      throw err;
    }
  }

  /** Re-adds the job of traces queued or running but untouched for a while (a no-op while it waits), and deletes abandoned uploads. */
  @OnJob(JobName.SweepStrandedTraces)
  async sweep(_data: HousekeepingPayload): Promise<number> {
    const abandoned = await this.traces.discardAbandonedUploads(ABANDONED_UPLOAD_MINUTES);
    if (abandoned) this.logger.log(`deleted ${abandoned} trace upload(s) cut off mid-body`);
    const ids = await this.traces.stranded(STRANDED_TRACE_SECONDS, 100);
    if (ids.length) {
      await this.queue.enqueueMany(ids.map((traceId) => ({ item: { name: JobName.AnalyzeTrace, data: { traceId } }, jobId: traceJobId(traceId) })));
      this.logger.log(`re-queued ${ids.length} trace(s) whose job may have been lost`);
    }
    return abandoned + ids.length;
  }
}
