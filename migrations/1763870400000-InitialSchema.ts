import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763870400000 implements MigrationInterface {
  name = 'InitialSchema1763870400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "hosts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "machine_id" character varying(64) NOT NULL,
      "dmi_product_uuid" character varying(64) NOT NULL DEFAULT '',
      "hostname" character varying(253) NOT NULL,
      "agent_labels" jsonb NOT NULL DEFAULT '{}',
      "admin_labels" jsonb NOT NULL DEFAULT '{}',
      "labels" jsonb NOT NULL DEFAULT '{}',
      "interval_seconds" integer NOT NULL DEFAULT 300,
      "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE,
      "last_sequence" bigint NOT NULL DEFAULT -1,
      "latest_report_id" uuid,
      "latest_config_id" uuid,
      "evaluated_sequence" bigint NOT NULL DEFAULT -1,
      "retired_at" TIMESTAMP WITH TIME ZONE,
      "agent_version" character varying(64),
      "architecture" character varying(32),
      "hypervisor" character varying(64),
      "kernel_release" character varying(128),
      "thp_enabled" character varying(16),
      "overcommit_memory" smallint,
      "cpu_online_count" integer,
      "mem_total_bytes" bigint,
      "critical_count" integer NOT NULL DEFAULT 0,
      "warning_count" integer NOT NULL DEFAULT 0,
      "info_count" integer NOT NULL DEFAULT 0,
      CONSTRAINT "PK_hosts" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_hosts_identity" ON "hosts" ("machine_id", "dmi_product_uuid")`);
    await q.query(`CREATE INDEX "IDX_hosts_hostname" ON "hosts" ("hostname")`);
    await q.query(`CREATE INDEX "IDX_hosts_last_seen" ON "hosts" ("last_seen_at")`);
    await q.query(`CREATE INDEX "IDX_hosts_labels" ON "hosts" USING gin ("labels" jsonb_path_ops)`);

    await q.query(`CREATE TABLE "host_configs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "host_id" uuid NOT NULL,
      "config_hash" character(64) NOT NULL,
      "configuration" jsonb NOT NULL,
      "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_host_configs" PRIMARY KEY ("id"),
      CONSTRAINT "FK_host_configs_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_host_configs_hash" ON "host_configs" ("host_id", "config_hash")`);

    await q.query(`CREATE TABLE "reports" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "host_id" uuid NOT NULL,
      "config_id" uuid NOT NULL,
      "sequence" bigint NOT NULL,
      "collected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "schema_version" smallint NOT NULL,
      "agent_version" character varying(64) NOT NULL,
      "idempotency_key" character varying(128),
      "metrics" jsonb NOT NULL,
      "collection_errors" jsonb NOT NULL DEFAULT '[]',
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "attempts" integer NOT NULL DEFAULT 0,
      "error" text,
      "evaluated_at" TIMESTAMP WITH TIME ZONE,
      "catalogue_revision" character varying(32),
      CONSTRAINT "PK_reports" PRIMARY KEY ("id"),
      CONSTRAINT "FK_reports_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_reports_config" FOREIGN KEY ("config_id") REFERENCES "host_configs"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_reports_host_sequence" ON "reports" ("host_id", "sequence")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_reports_idempotency" ON "reports" ("host_id", "idempotency_key")`);
    await q.query(`CREATE INDEX "IDX_reports_status" ON "reports" ("status", "received_at")`);

    await q.query(`CREATE TABLE "findings" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "host_id" uuid NOT NULL,
      "rule_id" character varying(64) NOT NULL,
      "subject" character varying(512) NOT NULL DEFAULT '',
      "outcome" character varying(16) NOT NULL,
      "severity" character varying(16),
      "rule_version" integer NOT NULL,
      "summary" text NOT NULL,
      "evidence" jsonb NOT NULL DEFAULT '[]',
      "remediation" jsonb NOT NULL DEFAULT '[]',
      "missing" jsonb NOT NULL DEFAULT '[]',
      "thresholds" jsonb NOT NULL DEFAULT '{}',
      "report_id" uuid,
      "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "opened_at" TIMESTAMP WITH TIME ZONE,
      "resolved_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_findings" PRIMARY KEY ("id"),
      CONSTRAINT "FK_findings_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_findings_key" ON "findings" ("host_id", "rule_id", "subject")`);
    await q.query(`CREATE INDEX "IDX_findings_rule_outcome" ON "findings" ("rule_id", "outcome", "severity")`);
    await q.query(`CREATE INDEX "IDX_findings_outcome_severity" ON "findings" ("outcome", "severity")`);

    await q.query(`CREATE TABLE "finding_events" (
      "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
      "finding_id" uuid NOT NULL,
      "host_id" uuid NOT NULL,
      "rule_id" character varying(64) NOT NULL,
      "subject" character varying(512) NOT NULL DEFAULT '',
      "kind" character varying(24) NOT NULL,
      "severity" character varying(16),
      "previous_severity" character varying(16),
      "report_id" uuid,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_finding_events" PRIMARY KEY ("id"),
      CONSTRAINT "FK_finding_events_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_finding_events_at" ON "finding_events" ("at")`);
    await q.query(`CREATE INDEX "IDX_finding_events_finding" ON "finding_events" ("finding_id", "at")`);

    await q.query(`CREATE TABLE "agent_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "host_id" uuid NOT NULL,
      "token_hash" character(64) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_agent_tokens" PRIMARY KEY ("id"),
      CONSTRAINT "FK_agent_tokens_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_agent_tokens_hash" ON "agent_tokens" ("token_hash")`);

    await q.query(`CREATE TABLE "api_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(128) NOT NULL,
      "role" character varying(16) NOT NULL,
      "token_hash" character(64) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "created_by" character varying(128),
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_api_tokens" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_api_tokens_hash" ON "api_tokens" ("token_hash")`);

    await q.query(`CREATE TABLE "settings" (
      "key" character varying(128) NOT NULL,
      "value" jsonb NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_settings" PRIMARY KEY ("key"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['settings', 'api_tokens', 'agent_tokens', 'finding_events', 'findings', 'reports', 'host_configs', 'hosts']) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
