import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Role } from '@memfleet/contracts';
import { SessionsRepository, type SessionVia } from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { ActivityService } from '../activity/activity.service';
import { unauthenticated } from '../auth/bearer';
import type { Principal } from '../auth/principal';
import { clearSessionCookie, csrfTokenOf, newSessionId, sessionIdOf, setSessionCookie } from '../auth/session-cookie';
import { hashToken } from '../auth/token-hash';
import { TokenService } from '../auth/token.service';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { CurrentSessionDto, SessionListItemDto } from './dto/sessions.dto';

export interface NewSessionFor {
  via: SessionVia;
  tokenId: string | null;
  subject: string | null;
  name: string;
  role: Role;
}

/** Browser sessions: opened with a token or by single sign-on (a cookie set), ended by sign-out or an admin. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    private readonly activity: ActivityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs in with an API token: the session carries its name and role, and ends with it. */
  async signInWithToken(token: string, req: Request, res: Response): Promise<CurrentSessionDto> {
    const checked = await this.tokens.check(token);
    if (!checked.ok) throw unauthenticated(checked.reason);
    const p = checked.principal;
    if (p.kind !== 'api') throw new ProblemException(403, 'forbidden', 'Agent tokens cannot sign in; use an API token (viewer, operator or admin).');
    return this.open({ via: 'token', tokenId: p.tokenId, subject: null, name: p.name, role: p.role }, req, res);
  }

  /** Stores a session and sets its cookie. */
  async open(s: NewSessionFor, req: Request, res: Response): Promise<CurrentSessionDto> {
    const id = newSessionId();
    const row = await this.sessions.createSession({ ...s, idHash: hashToken(id), hours: this.config.sessionHours });
    setSessionCookie(req, res, id, row.expiresAt, this.config.tlsCert !== null);
    return { id: row.id, via: s.via, tokenId: s.tokenId, name: s.name, role: s.role, expiresAt: row.expiresAt.toISOString(), csrfToken: csrfTokenOf(id) };
  }

  /** The caller's session with its CSRF token (a new tab asks for it); 404 for a bearer-token caller. */
  async current(p: Principal, req: Request): Promise<CurrentSessionDto> {
    const sessionId = p.kind === 'api' ? p.sessionId : undefined;
    const cookieId = sessionIdOf(req);
    if (!sessionId || !cookieId) throw notASession();
    const row = await this.sessions.activeSession(sessionId);
    if (!row) throw notASession();
    return {
      id: row.id,
      via: row.via,
      tokenId: row.tokenId,
      name: row.name,
      role: row.role,
      expiresAt: row.expiresAt.toISOString(),
      csrfToken: csrfTokenOf(cookieId),
    };
  }

  /** Sign-out: ends the caller's session and clears its cookie. */
  async signOut(p: Principal, req: Request, res: Response): Promise<void> {
    const sessionId = p.kind === 'api' ? p.sessionId : undefined;
    if (!sessionId) throw notASession();
    await this.sessions.revokeSession(sessionId);
    clearSessionCookie(req, res, this.config.tlsCert !== null);
  }

  async list(): Promise<SessionListItemDto[]> {
    return wire(await this.sessions.listSessions());
  }

  async revoke(id: string, by: Principal): Promise<void> {
    const revoked = await this.activity.recorded(
      by,
      (m) => this.sessions.revokeSession(id, m),
      (name) => (name ? { action: 'session.revoked', targetType: 'session', targetId: id, details: { name } } : null),
    );
    if (!revoked) throw new ProblemException(404, 'not-found', `No active session ${id}.`);
  }
}

const notASession = () =>
  new ProblemException(
    404,
    'no-session',
    'This request was not signed in by a session cookie (a bearer token has no session); sign in with POST /api/v1/sessions.',
  );
