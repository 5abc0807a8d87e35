import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per housekeeping run (stranded-report sweep, silence expiry, pruning, retirement): which job,
 * which tick (the queue's job id), which process ran it, and what it did. Shows that each tick ran
 * once however many processes share the queue; the pruning job drops rows older than the history.
 */
export class HousekeepingRuns1764064800000 implements MigrationInterface {
  name = 'HousekeepingRuns1764064800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "housekeeping_runs" (
      "id" bigserial PRIMARY KEY,
      "job" text NOT NULL,
      "job_id" text NOT NULL,
      "process" text NOT NULL,
      "started_at" timestamptz NOT NULL,
      "finished_at" timestamptz NOT NULL DEFAULT now(),
      "affected" integer,
      "error" text
    )`);
    await q.query(`CREATE INDEX "IDX_housekeeping_runs_job_started" ON "housekeeping_runs" ("job", "started_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "housekeeping_runs"`);
  }
}
