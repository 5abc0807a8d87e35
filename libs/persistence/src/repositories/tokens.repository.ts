import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';
import { preparedQuery } from '../prepared';

/** An agent token in use, with the identity of the host it is bound to. */
export interface AgentTokenRow {
  id: string;
  host_id: string;
  machine_id: string;
  dmi_product_uuid: string;
}

/** An agent token as admins see it: never its hash. */
export interface AgentTokenListRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/** An unrevoked API token; `expired` is decided by the database clock. */
export type UsableApiToken = Pick<ApiTokenRow, 'id' | 'name' | 'role' | 'expiresAt'> & { expired: boolean };

export interface NewApiToken {
  name: string;
  role: Role;
  /** SHA-256 (hex) of the token: the token itself is never stored. */
  tokenHash: string;
  createdBy: string | null;
  /** Null: the token does not expire. */
  expiresAt: Date | null;
}

/** How stale an agent token's last_used_at may be: it is written at most once in this many minutes. */
export const AGENT_TOKEN_USE_MINUTES = 10;

/**
 * Agent and API tokens, stored as SHA-256 hashes. Resolving a token records its use. TypeORM's query()
 * returns [rows, count] for a bare UPDATE; wrapping one in a CTE makes it a SELECT.
 */
@Injectable()
export class TokensRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * The unrevoked agent token with this hash, or null; marked used when its last use is older than
   * AGENT_TOKEN_USE_MINUTES, so most reports only read it (a host reports every few minutes, and a write
   * per report costs a commit). A prepared statement: it runs on every uncached request.
   */
  @GenerateSql({ params: [DummyValue.HASH] })
  async useAgentToken(hash: string): Promise<AgentTokenRow | null> {
    const rows = await preparedQuery<AgentTokenRow>(
      this.ds,
      'memfleet-agent-token',
      `WITH t AS (
         SELECT t.id, t.host_id, h.machine_id, h.dmi_product_uuid, t.last_used_at FROM agent_tokens t JOIN hosts h ON h.id = t.host_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL),
       used AS (
         UPDATE agent_tokens a SET last_used_at = now() FROM t
          WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '${AGENT_TOKEN_USE_MINUTES} minutes'))
       SELECT id, host_id, machine_id, dmi_product_uuid FROM t`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** The unrevoked API token with this hash, or null; marked used unless it has expired (a data-modifying CTE runs whether read or not). */
  @GenerateSql({ params: [DummyValue.HASH] })
  async useApiToken(hash: string): Promise<UsableApiToken | null> {
    const rows = await preparedQuery<UsableApiToken>(
      this.ds,
      'memfleet-api-token-expiry',
      `WITH t AS (
         SELECT id, name, role, expires_at, expires_at IS NOT NULL AND expires_at <= now() AS expired
           FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL),
       used AS (UPDATE api_tokens a SET last_used_at = now() FROM t WHERE a.id = t.id AND NOT t.expired RETURNING a.id)
       SELECT t.id, t.name, t.role, t.expires_at AS "expiresAt", t.expired FROM t`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** Every API token, oldest first (revoked ones too). */
  @GenerateSql()
  listApiTokens(): Promise<ApiTokenRow[]> {
    return this.ds.query(
      `SELECT id, name, role, created_at AS "createdAt", created_by AS "createdBy", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt",
              expires_at AS "expiresAt"
         FROM api_tokens ORDER BY created_at`,
    );
  }

  /** Returns the new token's id. */
  @GenerateSql({ params: [{ name: DummyValue.STRING, role: 'viewer', tokenHash: DummyValue.HASH, createdBy: null, expiresAt: null }] })
  async createApiToken(t: NewApiToken, manager?: EntityManager): Promise<string> {
    const [row]: { id: string }[] = await (manager ?? this.ds).query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [t.name, t.role, t.tokenHash, t.createdBy, t.expiresAt],
    );
    return row.id;
  }

  /** The revoked token's name; null when no unrevoked token has this id. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeApiToken(id: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await (manager ?? this.ds).query(
      `WITH revoked AS (UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name) SELECT name FROM revoked`,
      [id],
    );
    return rows[0]?.name ?? null;
  }

  /** The admin token given by MEMFLEET_ADMIN_TOKEN: stored once, whatever the number of starts. */
  @GenerateSql({ params: [DummyValue.HASH] })
  async ensureEnvAdminToken(hash: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ('bootstrap-admin (MEMFLEET_ADMIN_TOKEN)', 'admin', $1, 'env')
       ON CONFLICT (token_hash) DO NOTHING`,
      [hash],
    );
  }

  /** Stores a generated admin token only while no admin token exists; true when this call stored it. */
  @GenerateSql({ params: ['1'.repeat(64)] })
  async createFirstAdminToken(hash: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO api_tokens (name, role, token_hash, created_by)
       SELECT 'bootstrap-admin (generated)', 'admin', $1, 'first-start' WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE role = 'admin')
       RETURNING id`,
      [hash],
    );
    return rows.length > 0;
  }

  /** The agent tokens of a host, newest first (revoked ones too). */
  @GenerateSql({ params: [DummyValue.UUID] })
  listAgentTokens(hostId: string): Promise<AgentTokenListRow[]> {
    return this.ds.query(
      `SELECT id, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM agent_tokens WHERE host_id = $1 ORDER BY created_at DESC, id`,
      [hostId],
    );
  }

  /** False when the host has no unrevoked agent token with this id. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID] })
  async revokeAgentToken(hostId: string, tokenId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.ds).query(
      `WITH revoked AS (UPDATE agent_tokens SET revoked_at = now() WHERE id = $2 AND host_id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked`,
      [hostId, tokenId],
    );
    return rows.length > 0;
  }
}
