import { Inject, Injectable } from '@nestjs/common';
import { JobName, type JobItem, type ReevaluateHostsPayload } from '@memfleet/contracts';
import { HostsRepository, ReevaluationsRepository, SettingsRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import type { EvaluationService } from './evaluation.service';

const HOSTS_PER_JOB = 200;

/** Background re-evaluations of every active host's latest report: starting runs, and running their batches. */
@Injectable()
export class ReevaluationRuns {
  constructor(
    private readonly runs: ReevaluationsRepository,
    private readonly hosts: HostsRepository,
    private readonly settings: SettingsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /**
   * Queues the run in batches whose job ids carry the run (and so the catalogue revision): a rerun is
   * never swallowed as a duplicate.
   */
  async start(reason: string): Promise<string> {
    // Thresholds (or the catalogue) changed: no host may settle on findings evaluated before.
    await this.settings.bumpEvaluationContext();
    const run = await this.runs.start(catalogueRevision, reason);
    let after = '00000000-0000-0000-0000-000000000000';
    for (let batch = 0; ; batch++) {
      const ids = await this.hosts.reportingIdsAfter(after, HOSTS_PER_JOB * 20);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const jobs: { item: JobItem; jobId: string }[] = [];
      for (let i = 0; i < ids.length; i += HOSTS_PER_JOB) {
        const data: ReevaluateHostsPayload = { runId: run.id, catalogueRevision, hostIds: ids.slice(i, i + HOSTS_PER_JOB) };
        jobs.push({ item: { name: JobName.ReevaluateHosts, data }, jobId: `${run.id}-reevaluate-${catalogueRevision}-${batch}-${i / HOSTS_PER_JOB}` });
      }
      await this.queue.enqueueMany(jobs);
    }
    if (run.total === 0) await this.runs.finish(run.id);
    return run.id;
  }

  /** Starts a run when the deployed catalogue differs from the one the stored findings came from. */
  async startIfCatalogueChanged(): Promise<string | null> {
    const recorded = await this.settings.recordCatalogueRevision(catalogueRevision);
    // Only the process whose upsert changed the row starts the run; a fresh database has nothing to redo.
    if (!recorded.changed || recorded.previous === null) return null;
    return this.start(`rule catalogue changed (${recorded.previous} → ${catalogueRevision})`);
  }

  /** Job handler's work: evaluates each host's latest report and records progress on the run. */
  async evaluateHosts(evaluation: EvaluationService, data: ReevaluateHostsPayload): Promise<void> {
    evaluation.invalidateSettings();
    const reportIds = await this.hosts.latestReportIds(data.hostIds);
    let done = 0;
    let failed = 0;
    for (const id of reportIds) {
      try {
        await evaluation.evaluate(id, data.catalogueRevision, { all: true });
        done++;
      } catch {
        failed++;
      }
    }
    const gone = data.hostIds.length - reportIds.length; // deleted or never reported since the run started
    await this.runs.recordProgress(data.runId, done + gone, failed);
  }
}
