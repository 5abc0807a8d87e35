import type { MigrationInterface, QueryRunner } from 'typeorm';
import { upgradeFactsV1, type Configuration, type Metrics } from '@memfleet/contracts';
// upgradeFactsV1 is the fixed mapping of a frozen format (version 1); were it ever to change, this
// migration must first get a copy of today's version, since a landed migration never changes.

// Configurations stored under schema version 1: a process carries its pid or start time.
const VERSION_1 = `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(configuration->'processes', '[]'::jsonb)) p WHERE p ? 'pid' OR p ? 'startTimeSecondsSinceBoot')`;
const BATCH = 200;

/**
 * Rewrites the configurations and reports stored before schema version 2 (each process's pid and start
 * time in its configuration) into the current shape, with the contract's own upgrade: from here on a
 * report is upgraded once, at ingest, and nothing that reads stored rows adapts them. Each report of such
 * a configuration gets the pids and start times in its metrics; then the configuration loses them.
 * Servers older than version 2 must be stopped first: they would go on storing the old shape.
 */
export class ProcessIdsInMetrics1764061200000 implements MigrationInterface {
  name = 'ProcessIdsInMetrics1764061200000';

  public async up(q: QueryRunner): Promise<void> {
    let afterConfig = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const configs: { id: string; host_id: string; configuration: Configuration }[] = await q.query(
        `SELECT id, host_id, configuration FROM host_configs WHERE id > $1 AND ${VERSION_1} ORDER BY id LIMIT ${BATCH}`,
        [afterConfig],
      );
      if (configs.length === 0) break;
      afterConfig = configs[configs.length - 1].id;
      for (const c of configs) {
        let afterReport = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          // host_id first: the reports index leads with it.
          const reports: { id: string; metrics: Metrics }[] = await q.query(
            `SELECT id, metrics FROM reports WHERE host_id = $1 AND config_id = $2 AND id > $3 ORDER BY id LIMIT ${BATCH}`,
            [c.host_id, c.id, afterReport],
          );
          if (reports.length === 0) break;
          afterReport = reports[reports.length - 1].id;
          const upgraded = reports.map((r) => ({ id: r.id, metrics: upgradeFactsV1(c.configuration, r.metrics).metrics }));
          await q.query(`UPDATE reports r SET metrics = u.metrics FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, metrics jsonb) WHERE r.id = u.id`, [
            JSON.stringify(upgraded),
          ]);
        }
        // The configuration's half of the upgrade does not depend on the metrics.
        const { configuration } = upgradeFactsV1(c.configuration, { processes: [] } as unknown as Metrics);
        await q.query(`UPDATE host_configs SET configuration = $2::jsonb WHERE id = $1`, [c.id, JSON.stringify(configuration)]);
      }
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo: every version reads the current shape, and the old one cannot be told apart afterwards.
  }
}
