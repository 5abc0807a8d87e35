import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fleet totals and top rules read only active hits: a small partial index answers them without the heap. */
export class FindingHitsIndex1763877600000 implements MigrationInterface {
  name = 'FindingHitsIndex1763877600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_findings_active_hits" ON "findings" ("rule_id", "host_id", "severity") WHERE outcome = 'hit' AND NOT silenced`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_findings_active_hits"`);
  }
}
