import type { Request } from 'express';
import { ProblemException } from '../common/problem.exception';
import type { Principal } from './principal';
import { csrfRefusal, sessionIdOf } from './session-cookie';
import type { SessionService } from './session.service';
import type { TokenCheck, TokenService } from './token.service';

/** The request as the access checks leave it: the token check is done once and reused by the AuthGuard. */
export type AccessRequest = Request & {
  tokenCheck?: { token: string; result: TokenCheck };
  /** The session cookie checked by authenticateFirst (null: unknown, expired or revoked). */
  sessionCheck?: { id: string; principal: Principal | null };
  /** Set on public routes: the key failed enroll attempts of this client are counted under. */
  clientAddressKey?: string;
};

/** The token of an "Authorization: Bearer <token>" header, or null. */
export function bearerToken(req: Request): string | null {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
}

/** The 401 for a token that did not check out (also the AuthGuard's). */
export function unauthenticated(reason: 'unknown' | 'expired'): ProblemException {
  return reason === 'expired'
    ? new ProblemException(401, 'token-expired', 'The token expired.')
    : new ProblemException(401, 'unauthenticated', 'The token is unknown or revoked.');
}

/** The 401 for a session cookie that is unknown, expired, revoked, or whose token was revoked. */
export const sessionEnded = (): ProblemException =>
  new ProblemException(401, 'session-ended', 'The session is unknown, expired or was ended (signed out, revoked, or its token revoked); sign in again.');

/**
 * The principal of the request's bearer token or, without one, of its session cookie (a mutating request
 * then needs its X-CSRF-Token), or the 401 (the AuthGuard's, and the raw report route's). A bearer token
 * wins over a cookie: scripts work as they always did.
 */
export async function principalOf(req: AccessRequest, tokens: TokenService, sessions: SessionService): Promise<Principal> {
  const token = bearerToken(req);
  if (!token) return sessionPrincipalOf(req, sessions);
  // authenticateFirst (before the body parser) usually checked this token already.
  const checked = req.tokenCheck?.token === token ? req.tokenCheck.result : await tokens.check(token);
  if (!checked.ok) throw unauthenticated(checked.reason);
  return checked.principal;
}

async function sessionPrincipalOf(req: AccessRequest, sessions: SessionService): Promise<Principal> {
  const id = sessionIdOf(req);
  if (!id) throw new ProblemException(401, 'unauthenticated', 'Send a token as "Authorization: Bearer <token>".');
  const principal = req.sessionCheck?.id === id ? req.sessionCheck.principal : await sessions.resolve(id);
  if (!principal) throw sessionEnded();
  const refusal = csrfRefusal(req, id);
  if (refusal) throw refusal;
  return principal;
}

/** The 403 of an @AgentOnly() route called with an API token. */
export const agentTokenRequired = (): ProblemException => new ProblemException(403, 'forbidden', 'This endpoint takes an agent token (memfleet-agent enroll).');
