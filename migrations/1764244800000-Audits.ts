import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fleet audits: the run and its stored summary (audits), and every hit as it was when the audit ran
 * (audit_hits), so an audit never changes when the reports and findings it came from are pruned.
 */
export class Audits1764244800000 implements MigrationInterface {
  name = 'Audits1764244800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audits" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "trigger" character varying(16) NOT NULL,
      "schedule_id" uuid,
      "requested_by" character varying(256) NOT NULL,
      "scope" jsonb NOT NULL DEFAULT '{}',
      "formats" jsonb NOT NULL DEFAULT '[]',
      "destination_ids" jsonb NOT NULL DEFAULT '[]',
      -- Milliseconds, as the list's cursor carries it (a JavaScript Date).
      "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
      "started_at" TIMESTAMP WITH TIME ZONE,
      "finished_at" TIMESTAMP WITH TIME ZONE,
      "progress" jsonb NOT NULL DEFAULT '{"step":"queued","done":0,"total":0}',
      "error" text,
      "totals" jsonb,
      "summary" jsonb,
      "previous_audit_id" uuid,
      CONSTRAINT "PK_audits" PRIMARY KEY ("id"),
      CONSTRAINT "FK_audits_previous" FOREIGN KEY ("previous_audit_id") REFERENCES "audits"("id") ON DELETE SET NULL)`);
    // Newest first, all of them or one schedule's; and pruning by age.
    await q.query(`CREATE INDEX "IDX_audits_created" ON "audits" ("created_at", "id")`);
    await q.query(`CREATE INDEX "IDX_audits_schedule_created" ON "audits" ("schedule_id", "created_at", "id") WHERE schedule_id IS NOT NULL`);
    // The previous finished audit of the same scope, which a new one is compared with.
    await q.query(`CREATE INDEX "IDX_audits_scope_done" ON "audits" ("scope", "started_at") WHERE status = 'done'`);

    await q.query(`CREATE TABLE "audit_hits" (
      "audit_id" uuid NOT NULL,
      "ord" integer NOT NULL,
      "host_id" uuid NOT NULL,
      "hostname" character varying(253) NOT NULL,
      "labels" jsonb NOT NULL,
      "rule_id" character varying(64) NOT NULL,
      "severity" character varying(16) NOT NULL,
      "subject" character varying(512) NOT NULL,
      "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "silenced" boolean NOT NULL,
      "summary" text NOT NULL,
      "evidence" jsonb NOT NULL,
      "evidence_summary" text NOT NULL,
      "remediation_key" character varying(128),
      "remediation_text" text,
      "remediation" jsonb NOT NULL,
      -- Hits are streamed in (audit, ord) order: the key is the export's order.
      CONSTRAINT "PK_audit_hits" PRIMARY KEY ("audit_id", "ord"),
      CONSTRAINT "FK_audit_hits_audit" FOREIGN KEY ("audit_id") REFERENCES "audits"("id") ON DELETE CASCADE)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_hits"`);
    await q.query(`DROP TABLE "audits"`);
  }
}
