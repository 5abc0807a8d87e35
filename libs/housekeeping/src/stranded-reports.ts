import { JobName, evaluateJobId } from '@memfleet/contracts';
import type { ReportsRepository } from '@memfleet/persistence';
import type { JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';

/**
 * Re-enqueues reports still `queued` (Redis was down at accept time, or the inline queue died with
 * its process). Job ids are fixed, so a report whose job still exists is not queued twice.
 */
export async function requeueStranded(reports: ReportsRepository, queue: JobQueue, olderThanSeconds: number, limit = 1000): Promise<number> {
  const rows = await reports.stranded(olderThanSeconds, limit);
  let queued = 0;
  for (const r of rows) {
    const data = { reportId: r.id, hostId: r.host_id, catalogueRevision };
    try {
      await queue.enqueue({ name: JobName.EvaluateReport, data }, evaluateJobId(data));
      queued++;
    } catch {
      break; // the queue is down: the next sweep tries again
    }
  }
  return queued;
}
