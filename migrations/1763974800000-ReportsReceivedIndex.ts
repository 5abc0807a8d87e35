import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history sweep deletes reports older than MEMFLEET_HISTORY_DAYS every few minutes: without an index
 * on received_at it reads the whole reports table each time (2 s at a million reports).
 */
export class ReportsReceivedIndex1763974800000 implements MigrationInterface {
  name = 'ReportsReceivedIndex1763974800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_reports_received" ON "reports" ("received_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_reports_received"`);
  }
}
