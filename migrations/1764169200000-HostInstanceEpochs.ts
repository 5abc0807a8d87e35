import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The epoch each agent instance of a host was given, so a late or retried report of an earlier instance
 * keeps its own (older) epoch instead of starting a new, newest one. Reports without an instanceId are
 * recorded under the nil UUID (a primary key cannot hold NULL). Kept apart from reports because retention
 * prunes those. Filled from the reports and hosts there are; where ordering already went wrong, an
 * instance keeps its latest epoch.
 */
export class HostInstanceEpochs1764169200000 implements MigrationInterface {
  name = 'HostInstanceEpochs1764169200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "host_instances" ("host_id" uuid NOT NULL REFERENCES "hosts" ("id") ON DELETE CASCADE, "instance_id" uuid NOT NULL, "epoch" integer NOT NULL,
        PRIMARY KEY ("host_id", "instance_id"))`,
    );
    await q.query(
      `INSERT INTO "host_instances" ("host_id", "instance_id", "epoch")
       SELECT "host_id", COALESCE("instance_id", '00000000-0000-0000-0000-000000000000'), max("epoch") FROM (
         SELECT "host_id", "instance_id", "epoch" FROM "reports" UNION ALL SELECT "id", "instance_id", "instance_epoch" FROM "hosts") known
       GROUP BY 1, 2`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "host_instances"`);
  }
}
