import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit's time to fix reads the resolved events of its scope's hosts, and each one's opening: by host
 * and kind, not the whole event history. Audit deliveries are looked up by audit, so re-running the job
 * sends only what is missing.
 */
export class AuditFixesAndDeliveriesIndexes1764266400000 implements MigrationInterface {
  name = 'AuditFixesAndDeliveriesIndexes1764266400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_finding_events_host_kind" ON "finding_events" ("host_id", "kind", "at") INCLUDE ("finding_id", "rule_id")`);
    await q.query(`CREATE INDEX "IDX_deliveries_audit" ON "deliveries" ((payload->>'auditId')) WHERE kind = 'audit'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_deliveries_audit"`);
    await q.query(`DROP INDEX "IDX_finding_events_host_kind"`);
  }
}
