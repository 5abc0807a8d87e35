import type { Request } from 'express';
import { ProblemException } from '../common/problem.exception';
import type { Principal } from './principal';
import type { TokenCheck, TokenService } from './token.service';

/** The request as the access checks leave it: the token check is done once and reused by the AuthGuard. */
export type AccessRequest = Request & {
  tokenCheck?: { token: string; result: TokenCheck };
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

/** The principal of the request's bearer token, or the 401 (the AuthGuard's, and the raw report route's). */
export async function principalOf(req: AccessRequest, tokens: TokenService): Promise<Principal> {
  const token = bearerToken(req);
  if (!token) throw new ProblemException(401, 'unauthenticated', 'Send a token as "Authorization: Bearer <token>".');
  // authenticateFirst (before the body parser) usually checked this token already.
  const checked = req.tokenCheck?.token === token ? req.tokenCheck.result : await tokens.check(token);
  if (!checked.ok) throw unauthenticated(checked.reason);
  return checked.principal;
}

/** The 403 of an @AgentOnly() route called with an API token. */
export const agentTokenRequired = (): ProblemException => new ProblemException(403, 'forbidden', 'This endpoint takes an agent token (memfleet-agent enroll).');
