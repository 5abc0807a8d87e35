import { Injectable } from '@nestjs/common';
import { SessionsRepository } from '@memfleet/persistence';
import type { Principal } from './principal';
import { hashToken } from './token-hash';

/**
 * Resolves session cookies. Looked up in PostgreSQL on every request (no cache): a sign-out, an admin's
 * revocation or a revoked token holds on every API process at once. Dashboard traffic is light.
 */
@Injectable()
export class SessionService {
  constructor(private readonly sessions: SessionsRepository) {}

  async resolve(sessionId: string): Promise<Principal | null> {
    const s = await this.sessions.useSession(hashToken(sessionId));
    if (!s) return null;
    // Rate limits count a token's sessions with the token; a single sign-on session on its own.
    return { kind: 'api', tokenId: s.tokenId ?? s.id, name: s.name, role: s.role, sessionId: s.id };
  }
}
