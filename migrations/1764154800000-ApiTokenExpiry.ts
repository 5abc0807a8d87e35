import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API tokens may expire: NULL (every existing token) means never. */
export class ApiTokenExpiry1764154800000 implements MigrationInterface {
  name = 'ApiTokenExpiry1764154800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_tokens" ADD COLUMN "expires_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_tokens" DROP COLUMN "expires_at"`);
  }
}
