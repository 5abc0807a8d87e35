import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit schedules (cron in an IANA time zone, label scope, formats, destinations), each run by a BullMQ
 * job scheduler `audit-schedule-<id>` declared from these rows; and one row per tick that started an
 * audit, keyed by the tick's job id, so a tick delivered twice starts one audit.
 */
export class AuditSchedules1764248400000 implements MigrationInterface {
  name = 'AuditSchedules1764248400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_schedules" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "cron" text NOT NULL,
      "time_zone" text NOT NULL DEFAULT 'UTC',
      "scope" jsonb NOT NULL DEFAULT '{}',
      "formats" jsonb NOT NULL,
      "destination_ids" jsonb NOT NULL DEFAULT '[]',
      "enabled" boolean NOT NULL DEFAULT true,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "created_by" text NOT NULL,
      CONSTRAINT "PK_audit_schedules" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_audit_schedules_name" UNIQUE ("name")
    )`);
    await q.query(`CREATE TABLE "audit_schedule_ticks" (
      "schedule_id" uuid NOT NULL REFERENCES "audit_schedules" ("id") ON DELETE CASCADE,
      "tick" text NOT NULL,
      "audit_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_audit_schedule_ticks" PRIMARY KEY ("schedule_id", "tick")
    )`);
    await q.query(`CREATE INDEX "IDX_audit_schedule_ticks_created" ON "audit_schedule_ticks" ("schedule_id", "created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_schedule_ticks"`);
    await q.query(`DROP TABLE "audit_schedules"`);
  }
}
