import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview's totals name the silenced hits and leave retired hosts out. Silenced hits are few, but without an
 * index of their own they were found among every hit (a heap scan of each); and "every retired host" scanned the
 * whole hosts table on each summary. Both indexes are small: they hold only those rows.
 */
export class OverviewTotalsIndexes1764662400000 implements MigrationInterface {
  name = 'OverviewTotalsIndexes1764662400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_findings_silenced_hits" ON "findings" ("severity", "host_id") WHERE outcome = 'hit' AND silenced`);
    await q.query(`CREATE INDEX "IDX_hosts_retired" ON "hosts" ("id") WHERE retired_at IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_hosts_retired"`);
    await q.query(`DROP INDEX "IDX_findings_silenced_hits"`);
  }
}
