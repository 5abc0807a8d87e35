import { JobName, evaluateJobId, type EvaluateReportPayload } from '@memfleet/contracts';
import type { ReportsRepository } from '@memfleet/persistence';
import type { JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';

export interface StrandedOutcome {
  /** Enqueued again (a no-op for a job that still waits or runs: job ids are fixed). */
  queued: number;
  /** Their job had failed for good in the queue (e.g. it stalled twice): marked failed with the reason. */
  failed: { reportId: string; reason: string }[];
}

/**
 * Re-enqueues reports still `queued` (Redis was down at accept time, or the inline queue died with its
 * process). A report whose job the queue failed without its handler seeing it (BullMQ fails a job that
 * stalled twice: its worker died or blocked) would never run again under that id: it is marked failed with
 * the queue's reason, for the dead-letter view and its re-run.
 */
export async function requeueStranded(reports: ReportsRepository, queue: JobQueue, olderThanSeconds: number, limit = 1000): Promise<StrandedOutcome> {
  const rows = await reports.stranded(olderThanSeconds, limit);
  const jobs = rows.map((r) => {
    const data: EvaluateReportPayload = { reportId: r.id, hostId: r.host_id, catalogueRevision, ...(r.retries ? { retry: r.retries } : {}) };
    return { row: r, data, jobId: evaluateJobId(data) };
  });
  const outcome: StrandedOutcome = { queued: 0, failed: [] };
  let failedInQueue: Map<string, string>;
  try {
    failedInQueue = await queue.failedJobs(jobs.map((j) => j.jobId));
  } catch {
    return outcome; // the queue is down: the next sweep tries again
  }
  for (const j of jobs) {
    const reason = failedInQueue.get(j.jobId);
    if (reason !== undefined) {
      const message = `evaluation job failed in the queue: ${reason}`.slice(0, 4000);
      if (await reports.markAbandoned(j.row.id, j.row.retries, message)) outcome.failed.push({ reportId: j.row.id, reason });
      continue;
    }
    try {
      await queue.enqueue({ name: JobName.EvaluateReport, data: j.data }, j.jobId);
      outcome.queued++;
    } catch {
      break; // the queue is down: the next sweep tries again
    }
  }
  return outcome;
}
