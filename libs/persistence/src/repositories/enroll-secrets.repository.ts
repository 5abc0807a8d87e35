import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';

/** `bootstrap`: MEMFLEET_ENROLL_SECRET or the one generated at first start; `api`: created by an admin. */
export type EnrollSecretOrigin = 'bootstrap' | 'api';

export interface EnrollSecretRow {
  id: string;
  name: string;
  origin: EnrollSecretOrigin;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewEnrollSecret {
  name: string;
  /** SHA-256 (hex) of the secret: the secret itself is never stored. */
  secretHash: string;
  createdBy: string | null;
  expiresAt: Date | null;
}

const COLUMNS = `id, name, origin, created_at AS "createdAt", created_by AS "createdBy", expires_at AS "expiresAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/**
 * Enroll secrets, stored as SHA-256 hashes: several can be valid at once, each until it expires or is revoked.
 * TypeORM's query() returns [rows, count] for a bare UPDATE; wrapping one in a CTE makes it a SELECT.
 */
@Injectable()
export class EnrollSecretsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The id of the valid (unrevoked, unexpired) secret with this hash, marked used; null when there is none. */
  @GenerateSql({ params: [DummyValue.HASH] })
  async useValid(hash: string): Promise<string | null> {
    const rows: { id: string }[] = await this.ds.query(
      `WITH used AS (
         UPDATE enroll_secrets SET last_used_at = now()
          WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          RETURNING id)
       SELECT id FROM used`,
      [hash],
    );
    return rows[0]?.id ?? null;
  }

  /** Every secret, oldest first (expired and revoked ones too). */
  @GenerateSql()
  list(): Promise<EnrollSecretRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM enroll_secrets ORDER BY created_at, id`);
  }

  @GenerateSql({ params: [{ name: DummyValue.STRING, secretHash: DummyValue.HASH, createdBy: null, expiresAt: null }] })
  async create(s: NewEnrollSecret, manager?: EntityManager): Promise<EnrollSecretRow> {
    const [row]: EnrollSecretRow[] = await (manager ?? this.ds).query(
      `INSERT INTO enroll_secrets (name, origin, secret_hash, created_by, expires_at) VALUES ($1, 'api', $2, $3, $4) RETURNING ${COLUMNS}`,
      [s.name, s.secretHash, s.createdBy, s.expiresAt],
    );
    return row;
  }

  /** The revoked secret's name; null when no unrevoked secret has this id. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revoke(id: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await (manager ?? this.ds).query(
      `WITH revoked AS (UPDATE enroll_secrets SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name) SELECT name FROM revoked`,
      [id],
    );
    return rows[0]?.name ?? null;
  }

  /**
   * The secret given by MEMFLEET_ENROLL_SECRET is the bootstrap secret: a changed value replaces the previous
   * bootstrap secret, as before secrets could be rotated; one an admin revoked stays revoked.
   */
  @GenerateSql({ params: [DummyValue.HASH] })
  ensureEnvSecret(hash: string): Promise<void> {
    return this.ds.transaction(async (m) => {
      await m.query(`UPDATE enroll_secrets SET revoked_at = now() WHERE origin = 'bootstrap' AND revoked_at IS NULL AND secret_hash <> $1`, [hash]);
      await m.query(
        `INSERT INTO enroll_secrets (name, origin, secret_hash, created_by) VALUES ('bootstrap (MEMFLEET_ENROLL_SECRET)', 'bootstrap', $1, 'env')
         ON CONFLICT DO NOTHING`,
        [hash],
      );
    });
  }

  /**
   * Stores a generated bootstrap secret only while no secret was ever stored (revoking every secret closes
   * enrolment; a restart must not reopen it); true when this call stored it.
   */
  @GenerateSql({ params: [DummyValue.HASH] })
  async createFirstSecret(hash: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO enroll_secrets (name, origin, secret_hash, created_by)
       SELECT 'bootstrap (generated)', 'bootstrap', $1, 'first-start' WHERE NOT EXISTS (SELECT 1 FROM enroll_secrets)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [hash],
    );
    return rows.length > 0;
  }
}
