import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocation traces: one row per upload, its bytes in ordered gzip chunks so any worker can stream them
 * back without holding a whole trace. A trace is `uploading` until its last chunk is stored and the
 * whole body parsed clean; lists never show an uploading trace, and a failed upload deletes its row.
 */
export class Traces1764446400000 implements MigrationInterface {
  name = 'Traces1764446400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "traces" (
      "id" uuid NOT NULL DEFAULT memfleet_uuid7() PRIMARY KEY,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "created_by" text NOT NULL,
      "name" text,
      "host_id" uuid REFERENCES "hosts"("id") ON DELETE SET NULL,
      "subject" text,
      "status" text NOT NULL DEFAULT 'uploading' CHECK ("status" IN ('uploading', 'queued', 'running', 'done', 'failed')),
      "bytes" bigint NOT NULL DEFAULT 0,
      "stored_bytes" bigint NOT NULL DEFAULT 0,
      "events" bigint NOT NULL DEFAULT 0,
      "progress" real NOT NULL DEFAULT 0,
      "analysis" jsonb,
      "error" text
    )`);
    await q.query(`CREATE INDEX "IDX_traces_host_subject" ON "traces" ("host_id", "subject", "id" DESC)`);
    await q.query(`CREATE INDEX "IDX_traces_status_updated" ON "traces" ("status", "updated_at")`);
    await q.query(`CREATE TABLE "trace_chunks" (
      "trace_id" uuid NOT NULL REFERENCES "traces"("id") ON DELETE CASCADE,
      "seq" integer NOT NULL,
      "data" bytea NOT NULL,
      PRIMARY KEY ("trace_id", "seq")
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "trace_chunks"`);
    await q.query(`DROP TABLE "traces"`);
  }
}
