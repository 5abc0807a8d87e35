import type { DataSource } from 'typeorm';
import { JobName, type JobItem, type ReevaluateHostsPayload } from '@memfleet/contracts';
import type { JobQueue } from '@memfleet/platform';
import { catalogueRevision } from '@memfleet/rules';
import type { EvaluationService } from './evaluation.service';

const HOSTS_PER_JOB = 200;
export const EVALUATED_REVISION_SETTING = 'evaluated-catalogue-revision';

/**
 * Re-evaluates every active host's latest report in the background, in queued batches whose job ids
 * carry the run (and so the catalogue revision): a rerun is never swallowed as a duplicate.
 */
export async function startReevaluation(ds: DataSource, queue: JobQueue, reason: string): Promise<string> {
  const [run] = await ds.query(
    `INSERT INTO reevaluation_runs (catalogue_revision, reason, total)
     SELECT $1, $2, count(*) FROM hosts WHERE retired_at IS NULL AND latest_report_id IS NOT NULL RETURNING id, total`,
    [catalogueRevision, reason],
  );
  let after = '00000000-0000-0000-0000-000000000000';
  for (let batch = 0; ; batch++) {
    const rows: { id: string }[] = await ds.query(
      `SELECT id FROM hosts WHERE retired_at IS NULL AND latest_report_id IS NOT NULL AND id > $1 ORDER BY id LIMIT ${HOSTS_PER_JOB * 20}`,
      [after],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const jobs: { item: JobItem; jobId: string }[] = [];
    for (let i = 0; i < rows.length; i += HOSTS_PER_JOB) {
      const data: ReevaluateHostsPayload = { runId: run.id, catalogueRevision, hostIds: rows.slice(i, i + HOSTS_PER_JOB).map((r) => r.id) };
      jobs.push({ item: { name: JobName.ReevaluateHosts, data }, jobId: `${run.id}-reevaluate-${catalogueRevision}-${batch}-${i / HOSTS_PER_JOB}` });
    }
    await queue.enqueueMany(jobs);
  }
  if (Number(run.total) === 0) await ds.query(`UPDATE reevaluation_runs SET finished_at = now() WHERE id = $1`, [run.id]);
  return run.id;
}

/** Starts a run when the deployed catalogue differs from the one the stored findings came from. */
export async function reevaluateIfCatalogueChanged(ds: DataSource, queue: JobQueue): Promise<string | null> {
  const changed: { previous: string | null }[] = await ds.query(
    `WITH prev AS (SELECT value #>> '{}' AS previous FROM settings WHERE key = $1),
          up AS (INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text))
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now() WHERE settings.value <> EXCLUDED.value RETURNING key)
     SELECT (SELECT previous FROM prev) AS previous FROM up`,
    [EVALUATED_REVISION_SETTING, catalogueRevision],
  );
  // Only the process whose upsert changed the row starts the run; a fresh database has nothing to redo.
  if (changed.length === 0 || changed[0].previous === null) return null;
  return startReevaluation(ds, queue, `rule catalogue changed (${changed[0].previous} → ${catalogueRevision})`);
}

/** Job handler: evaluates each host's latest report and records progress on the run. */
export async function reevaluateHosts(ds: DataSource, evaluation: EvaluationService, data: ReevaluateHostsPayload): Promise<void> {
  evaluation.invalidateSettings();
  const rows: { latest_report_id: string }[] = await ds.query(`SELECT latest_report_id FROM hosts WHERE id = ANY($1::uuid[]) AND latest_report_id IS NOT NULL`, [data.hostIds]);
  let done = 0;
  let failed = 0;
  for (const r of rows) {
    try {
      await evaluation.evaluate(r.latest_report_id, data.catalogueRevision);
      done++;
    } catch {
      failed++;
    }
  }
  const gone = data.hostIds.length - rows.length; // deleted or never reported since the run started
  await ds.query(
    `UPDATE reevaluation_runs SET done = done + $2, failed = failed + $3,
            finished_at = CASE WHEN done + $2 + failed + $3 >= total THEN now() END WHERE id = $1`,
    [data.runId, done + gone, failed],
  );
}
