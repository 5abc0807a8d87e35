import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who did what, when: one row per admin or operator action. Paged newest first by id (identity order is
 * record order), optionally filtered by action, so both orders have an index; `at` for `since`.
 */
export class ActivityLog1764255600000 implements MigrationInterface {
  name = 'ActivityLog1764255600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "activity" (
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor" text NOT NULL,
      "actor_role" text NOT NULL,
      "action" text NOT NULL,
      "target_type" text NOT NULL,
      "target_id" text,
      "details" jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
    await q.query(`CREATE INDEX "IDX_activity_action_id" ON "activity" ("action", "id" DESC)`);
    await q.query(`CREATE INDEX "IDX_activity_at" ON "activity" ("at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "activity"`);
  }
}
