import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions: signed in with an API token (token_id, ended with it) or through single sign-on
 * (subject). Only the SHA-256 of the session id is stored. Looked up by that hash on every request;
 * listed by expiry; the token's sessions are revoked with it.
 */
export class Sessions1764633600000 implements MigrationInterface {
  name = 'Sessions1764633600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sessions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "id_hash" character(64) NOT NULL,
      "via" character varying(8) NOT NULL CHECK ("via" IN ('token', 'oidc')),
      "token_id" uuid REFERENCES "api_tokens" ("id") ON DELETE CASCADE,
      "subject" character varying(256),
      "name" character varying(256) NOT NULL,
      "role" character varying(16) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_sessions" PRIMARY KEY ("id"),
      CONSTRAINT "CHK_sessions_origin" CHECK (("via" = 'token') = ("token_id" IS NOT NULL)))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_sessions_id_hash" ON "sessions" ("id_hash")`);
    await q.query(`CREATE INDEX "IDX_sessions_token" ON "sessions" ("token_id") WHERE "revoked_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_sessions_expires" ON "sessions" ("expires_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sessions"`);
  }
}
