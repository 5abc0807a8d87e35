import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The findings-over-time chart counts events by day, kind and severity: with both in the index of `at`,
 * PostgreSQL answers from the index alone (events are never updated, so their pages stay all-visible).
 */
export class FindingEventsCoveringIndex1763971200000 implements MigrationInterface {
  name = 'FindingEventsCoveringIndex1763971200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_finding_events_at_kind" ON "finding_events" ("at") INCLUDE ("kind", "severity")`);
    await q.query(`DROP INDEX "IDX_finding_events_at"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_finding_events_at" ON "finding_events" ("at")`);
    await q.query(`DROP INDEX "IDX_finding_events_at_kind"`);
  }
}
