import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';

export type SessionVia = 'token' | 'oidc';

export interface NewSession {
  /** SHA-256 (hex) of the session id: the id itself is never stored. */
  idHash: string;
  via: SessionVia;
  /** The API token signed in with; null for single sign-on. */
  tokenId: string | null;
  subject: string | null;
  name: string;
  role: Role;
  hours: number;
}

/** A usable session: unrevoked, unexpired, and its token (if any) too. */
export interface ActiveSession {
  id: string;
  via: SessionVia;
  tokenId: string | null;
  name: string;
  role: Role;
  expiresAt: Date;
}

export interface SessionRow extends ActiveSession {
  subject: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

// A session signed in with a token ends with it: revoked or expired tokens make their sessions unusable.
const USABLE = `s.revoked_at IS NULL AND s.expires_at > now()
  AND (s.token_id IS NULL OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.id = s.token_id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())))`;

/** Browser sessions, stored by the SHA-256 of their id. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Stores a session ending `hours` from now, or when its token expires if sooner; drops sessions that ended over a day ago. */
  @GenerateSql({
    params: [{ idHash: DummyValue.HASH, via: 'token', tokenId: DummyValue.UUID, subject: null, name: DummyValue.STRING, role: 'viewer', hours: 12 }],
  })
  async createSession(s: NewSession): Promise<{ id: string; expiresAt: Date }> {
    await this.ds.query(`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`);
    const [row]: { id: string; expiresAt: Date }[] = await this.ds.query(
      `INSERT INTO sessions (id_hash, via, token_id, subject, name, role, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, LEAST(now() + make_interval(hours => $7::int),
              COALESCE((SELECT t.expires_at FROM api_tokens t WHERE t.id = $3), 'infinity'::timestamptz)))
       RETURNING id, expires_at AS "expiresAt"`,
      [s.idHash, s.via, s.tokenId, s.subject, s.name, s.role, s.hours],
    );
    return row;
  }

  /** The usable session with this hash, or null; its use is recorded at most once a minute. */
  @GenerateSql({ params: [DummyValue.HASH] })
  async useSession(hash: string): Promise<ActiveSession | null> {
    const rows: ActiveSession[] = await this.ds.query(
      `WITH s AS (
         SELECT s.id, s.via, s.token_id, s.name, s.role, s.expires_at, s.last_used_at FROM sessions s WHERE s.id_hash = $1 AND ${USABLE}),
       used AS (
         UPDATE sessions x SET last_used_at = now() FROM s
          WHERE x.id = s.id AND (s.last_used_at IS NULL OR s.last_used_at < now() - interval '1 minute') RETURNING x.id)
       SELECT s.id, s.via, s.token_id AS "tokenId", s.name, s.role, s.expires_at AS "expiresAt" FROM s`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** The usable session with this id, or null. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async activeSession(id: string): Promise<ActiveSession | null> {
    const rows: ActiveSession[] = await this.ds.query(
      `SELECT s.id, s.via, s.token_id AS "tokenId", s.name, s.role, s.expires_at AS "expiresAt" FROM sessions s WHERE s.id = $1 AND ${USABLE}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Every usable session, newest first. */
  @GenerateSql()
  listSessions(): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT s.id, s.via, s.token_id AS "tokenId", s.subject, s.name, s.role, s.created_at AS "createdAt", s.expires_at AS "expiresAt",
              s.last_used_at AS "lastUsedAt"
         FROM sessions s WHERE ${USABLE} ORDER BY s.created_at DESC, s.id`,
    );
  }

  /** The revoked session's name; null when no unrevoked session has this id. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeSession(id: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await (manager ?? this.ds).query(
      `WITH revoked AS (UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name) SELECT name FROM revoked`,
      [id],
    );
    return rows[0]?.name ?? null;
  }

  /** Ends every session signed in with this token; how many were open. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeTokenSessions(tokenId: string, manager?: EntityManager): Promise<number> {
    const rows: unknown[] = await (manager ?? this.ds).query(
      `WITH revoked AS (UPDATE sessions SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked`,
      [tokenId],
    );
    return rows.length;
  }
}
