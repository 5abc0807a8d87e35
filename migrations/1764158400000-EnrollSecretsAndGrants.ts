import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enroll secrets become rows (several valid at once, each with an optional expiry, revocable), and an admin's
 * re-enroll grant lets one existing host enroll again once before it expires. The bootstrap secret, whose hash
 * the settings table held, moves into the new table as the row of origin `bootstrap`; at most one unrevoked
 * bootstrap row exists, so concurrent first starts cannot both generate one. Agent tokens get an index on their
 * host: they are listed and revoked per host now (and a host's delete cascades to them).
 */
export class EnrollSecretsAndGrants1764158400000 implements MigrationInterface {
  name = 'EnrollSecretsAndGrants1764158400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "enroll_secrets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(128) NOT NULL,
      "origin" character varying(16) NOT NULL,
      "secret_hash" character(64) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "created_by" character varying(128),
      "expires_at" timestamptz,
      "last_used_at" timestamptz,
      "revoked_at" timestamptz,
      CONSTRAINT "PK_enroll_secrets" PRIMARY KEY ("id"),
      CONSTRAINT "CHK_enroll_secrets_origin" CHECK ("origin" IN ('bootstrap', 'api')))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_enroll_secrets_hash" ON "enroll_secrets" ("secret_hash")`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_enroll_secrets_live_bootstrap" ON "enroll_secrets" ("origin") WHERE "origin" = 'bootstrap' AND "revoked_at" IS NULL`,
    );
    await q.query(
      `INSERT INTO "enroll_secrets" ("name", "origin", "secret_hash", "created_by")
       SELECT 'bootstrap', 'bootstrap', "value" #>> '{}', 'migration' FROM "settings" WHERE "key" = 'enroll-secret-sha256'`,
    );
    await q.query(`DELETE FROM "settings" WHERE "key" = 'enroll-secret-sha256'`);

    await q.query(`CREATE TABLE "reenroll_grants" (
      "host_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "created_by" character varying(128),
      "expires_at" timestamptz NOT NULL,
      CONSTRAINT "PK_reenroll_grants" PRIMARY KEY ("host_id"),
      CONSTRAINT "FK_reenroll_grants_host" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_agent_tokens_host" ON "agent_tokens" ("host_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "settings" ("key", "value")
       SELECT 'enroll-secret-sha256', to_jsonb("secret_hash"::text) FROM "enroll_secrets" WHERE "origin" = 'bootstrap' AND "revoked_at" IS NULL
       ON CONFLICT ("key") DO NOTHING`,
    );
    await q.query(`DROP INDEX "IDX_agent_tokens_host"`);
    await q.query(`DROP TABLE "reenroll_grants"`);
    await q.query(`DROP TABLE "enroll_secrets"`);
  }
}
