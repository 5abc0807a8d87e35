import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where memfleet sends things (destinations), what it sent or is still sending (deliveries: the outbox,
 * retried from here after a restart), and what each destination was last told about each finding
 * (alert_state), so a finding is alerted once per severity change and its resolution only where it fired.
 * The finding_events id up to which alerts were dispatched is the settings row `alerts-events-watermark`.
 */
export class DestinationsAndAlerts1764252000000 implements MigrationInterface {
  name = 'DestinationsAndAlerts1764252000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "destinations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(128) NOT NULL,
      "type" character varying(16) NOT NULL CHECK ("type" IN ('webhook', 'slack', 'alertmanager', 'email')),
      "url" text,
      "email_to" jsonb,
      "secret" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "created_by" character varying(128),
      CONSTRAINT "PK_destinations" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_destinations_name" UNIQUE ("name"))`);

    await q.query(`CREATE TABLE "deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "destination_id" uuid NOT NULL REFERENCES "destinations" ("id") ON DELETE CASCADE,
      "kind" character varying(8) NOT NULL CHECK ("kind" IN ('alert', 'audit', 'test')),
      "status" character varying(12) NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'retrying', 'dead')),
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "response_status" integer,
      "last_error" text,
      "payload" jsonb NOT NULL,
      "summary" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "delivered_at" timestamptz,
      CONSTRAINT "PK_deliveries" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_deliveries_destination_created" ON "deliveries" ("destination_id", "created_at" DESC, "id" DESC)`);
    // The dispatcher's sweep of deliveries whose job was lost: only the unfinished ones are indexed.
    await q.query(`CREATE INDEX "IDX_deliveries_unfinished" ON "deliveries" ("next_attempt_at") WHERE "status" IN ('pending', 'retrying')`);

    await q.query(`CREATE TABLE "alert_state" (
      "destination_id" uuid NOT NULL REFERENCES "destinations" ("id") ON DELETE CASCADE,
      "host_id" uuid NOT NULL REFERENCES "hosts" ("id") ON DELETE CASCADE,
      "rule_id" character varying(64) NOT NULL,
      "subject" character varying(512) NOT NULL,
      "severity" character varying(16),
      "firing" boolean NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_alert_state" PRIMARY KEY ("destination_id", "host_id", "rule_id", "subject"))`);
    await q.query(`CREATE INDEX "IDX_alert_state_host" ON "alert_state" ("host_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "settings" WHERE "key" = 'alerts-events-watermark'`);
    await q.query(`DROP TABLE "alert_state"`);
    await q.query(`DROP TABLE "deliveries"`);
    await q.query(`DROP TABLE "destinations"`);
  }
}
