import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dead-letter view and its re-run: `retries` counts admin re-runs (each gets a fresh job id, since
 * the queue keeps a failed job under its id), `failed_at` orders failed reports (to the millisecond, as
 * cursors carry it), and a partial index
 * serves the list of failed reports without touching the others.
 */
export class FailedReportRetries1764152100000 implements MigrationInterface {
  name = 'FailedReportRetries1764152100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reports" ADD COLUMN "retries" integer NOT NULL DEFAULT 0, ADD COLUMN "failed_at" timestamptz`);
    await q.query(`UPDATE "reports" SET "failed_at" = date_trunc('milliseconds', COALESCE("evaluated_at", "received_at")) WHERE "status" = 'failed'`);
    await q.query(`CREATE INDEX "IDX_reports_failed" ON "reports" ("failed_at" DESC, "id" DESC) WHERE "status" = 'failed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_reports_failed"`);
    await q.query(`ALTER TABLE "reports" DROP COLUMN "retries", DROP COLUMN "failed_at"`);
  }
}
