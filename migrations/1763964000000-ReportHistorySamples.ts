import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * reports.sample: what history-aware rules read of a report (see libs/evaluation/src/history-sample.ts),
 * written at ingest so a host's history loads without reading whole metrics documents. Rows stored
 * before keep NULL and are trimmed on read. Large JSON columns compress with lz4 where the server
 * has it (PostgreSQL 14+ built with lz4): several times cheaper than the default pglz on every write.
 */
export class ReportHistorySamples1763964000000 implements MigrationInterface {
  name = 'ReportHistorySamples1763964000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reports" ADD "sample" jsonb`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE "reports" ALTER COLUMN "metrics" SET COMPRESSION lz4, ALTER COLUMN "sample" SET COMPRESSION lz4;
        ALTER TABLE "host_configs" ALTER COLUMN "configuration" SET COMPRESSION lz4;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'lz4 compression is not available (%); JSON columns keep the default compression', SQLERRM;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reports" DROP COLUMN "sample"`);
  }
}
