import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports are ordered per agent instance (the agent's state directory): `epoch` numbers the host's
 * instances in the order they appeared, and (epoch, sequence) orders reports, so an agent whose state was
 * wiped (a new instance, sequence from 1) is not superseded by its old numbers. Existing reports and hosts
 * are epoch 0 with no instance, which is how reports without an instanceId keep being ordered. Also the
 * hash of each report's payload, so an Idempotency-Key reused with another body is told apart from a replay.
 */
export class ReportInstances1764151200000 implements MigrationInterface {
  name = 'ReportInstances1764151200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reports" ADD COLUMN "instance_id" uuid, ADD COLUMN "epoch" integer NOT NULL DEFAULT 0, ADD COLUMN "payload_hash" text`);
    await q.query(
      `ALTER TABLE "hosts" ADD COLUMN "instance_id" uuid, ADD COLUMN "instance_epoch" integer NOT NULL DEFAULT 0, ADD COLUMN "evaluated_epoch" integer NOT NULL DEFAULT 0`,
    );
    await q.query(`CREATE INDEX "IDX_reports_host_order" ON "reports" ("host_id", "epoch", "sequence")`);
    await q.query(`DROP INDEX "IDX_reports_host_sequence"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_reports_host_sequence" ON "reports" ("host_id", "sequence")`);
    await q.query(`DROP INDEX "IDX_reports_host_order"`);
    await q.query(`ALTER TABLE "hosts" DROP COLUMN "instance_id", DROP COLUMN "instance_epoch", DROP COLUMN "evaluated_epoch"`);
    await q.query(`ALTER TABLE "reports" DROP COLUMN "instance_id", DROP COLUMN "epoch", DROP COLUMN "payload_hash"`);
  }
}
