import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Silencing or unsilencing a finding writes no finding event, so the alert dispatcher also reads the
 * findings whose `silenced` flag changed since its last batch: `silenced_changed_at` is set wherever the
 * flag is written (applying silences, evaluation), and only the changed rows are indexed.
 */
export class FindingsSilencedChangedAt1764262800000 implements MigrationInterface {
  name = 'FindingsSilencedChangedAt1764262800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "findings" ADD COLUMN "silenced_changed_at" timestamptz`);
    await q.query(`CREATE INDEX "IDX_findings_silenced_changed_at" ON "findings" ("silenced_changed_at") WHERE "silenced_changed_at" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_findings_silenced_changed_at"`);
    await q.query(`ALTER TABLE "findings" DROP COLUMN "silenced_changed_at"`);
  }
}
