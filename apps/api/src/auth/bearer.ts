import type { Request } from 'express';
import { ProblemException } from '../common/problem.exception';
import type { TokenCheck } from './token.service';

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
