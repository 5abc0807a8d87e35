import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every report updates its host row and then its report row. An update that changes no indexed column
 * and finds room on its page is HOT: no index entries, no GIN work on the labels index. So:
 * - hosts.last_seen_at is no longer indexed (the hosts list sorts on an expression the index never
 *   served; the retire sweep scans hosts), and hosts pages keep 30% free for new row versions;
 * - the report status index becomes a partial index of queued reports, the only ones the stranded
 *   sweep looks for, so marking a report evaluated adds no entry to it.
 */
export class HotHostUpdates1763967600000 implements MigrationInterface {
  name = 'HotHostUpdates1763967600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_hosts_last_seen"`);
    await q.query(`ALTER TABLE "hosts" SET (fillfactor = 70)`);
    await q.query(`DROP INDEX "IDX_reports_status"`);
    await q.query(`CREATE INDEX "IDX_reports_queued" ON "reports" ("received_at") WHERE status = 'queued'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_reports_queued"`);
    await q.query(`CREATE INDEX "IDX_reports_status" ON "reports" ("status", "received_at")`);
    await q.query(`ALTER TABLE "hosts" RESET (fillfactor)`);
    await q.query(`CREATE INDEX "IDX_hosts_last_seen" ON "hosts" ("last_seen_at")`);
  }
}
