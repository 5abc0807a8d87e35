import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The findings-over-time chart now tells escalations (warning → critical) from other severity changes, so it reads
 * the previous severity too: the covering index of `at` carries it, and the chart still reads the index alone.
 */
export class FindingEventsEscalationIndex1764655200000 implements MigrationInterface {
  name = 'FindingEventsEscalationIndex1764655200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_finding_events_at_kind_change" ON "finding_events" ("at") INCLUDE ("kind", "severity", "previous_severity")`);
    await q.query(`DROP INDEX "IDX_finding_events_at_kind"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_finding_events_at_kind" ON "finding_events" ("at") INCLUDE ("kind", "severity")`);
    await q.query(`DROP INDEX "IDX_finding_events_at_kind_change"`);
  }
}
