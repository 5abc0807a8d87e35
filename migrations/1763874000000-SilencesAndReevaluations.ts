import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SilencesAndReevaluations1763874000000 implements MigrationInterface {
  name = 'SilencesAndReevaluations1763874000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "silences" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "rule_id" character varying(64) NOT NULL,
      "host_id" uuid,
      "label_selector" jsonb,
      "reason" text NOT NULL,
      "author" character varying(128) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_silences" PRIMARY KEY ("id"),
      CONSTRAINT "FK_silences_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_silences_rule" ON "silences" ("rule_id", "expires_at")`);
    await q.query(`ALTER TABLE "findings" ADD "silenced" boolean NOT NULL DEFAULT false`);
    // Processes per allocator on the host's latest report: fleet distributions without reading configurations.
    await q.query(`ALTER TABLE "hosts" ADD "allocator_counts" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE TABLE "reevaluation_runs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "catalogue_revision" character varying(32) NOT NULL,
      "reason" text NOT NULL,
      "total" integer NOT NULL DEFAULT 0,
      "done" integer NOT NULL DEFAULT 0,
      "failed" integer NOT NULL DEFAULT 0,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_reevaluation_runs" PRIMARY KEY ("id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "reevaluation_runs"`);
    await q.query(`ALTER TABLE "hosts" DROP COLUMN "allocator_counts"`);
    await q.query(`ALTER TABLE "findings" DROP COLUMN "silenced"`);
    await q.query(`DROP TABLE "silences"`);
  }
}
