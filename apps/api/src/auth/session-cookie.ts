import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { ProblemException } from '../common/problem.exception';

/** The session cookie: httpOnly, SameSite=Strict, scoped to the API's paths. */
export const SESSION_COOKIE = 'memfleet_session';
/** Mutating requests authenticated by the cookie carry this header, with the value sign-in returned. */
export const CSRF_HEADER = 'x-csrf-token';

const SESSION_ID = /^mfs_[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newSessionId(): string {
  return `mfs_${randomBytes(32).toString('base64url')}`;
}

/** The session id of the request's cookie, or null (a malformed value counts as none). */
export function sessionIdOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const id = parse(header)[SESSION_COOKIE];
  return id && SESSION_ID.test(id) ? id : null;
}

/**
 * The CSRF token of a session: derived from its id, so it needs no storage and only someone who holds the
 * cookie's value (never readable by scripts) or was handed the token by this origin can send it.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('memfleet-csrf').digest('base64url');
}

/** The 403 for a mutating cookie-authenticated request without the matching X-CSRF-Token, or null. */
export function csrfRefusal(req: Request, sessionId: string): ProblemException | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent === '')
    return new ProblemException(
      403,
      'csrf-token-missing',
      'A request signed in by the session cookie that changes something must send the X-CSRF-Token header given at sign-in.',
    );
  const want = Buffer.from(csrfTokenOf(sessionId));
  const got = Buffer.from(sent);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return new ProblemException(
      403,
      'csrf-token-mismatch',
      'The X-CSRF-Token header does not match this session; reload the dashboard to get the current one.',
    );
  return null;
}

/** Secure when the request came over TLS: served here (MEMFLEET_TLS_CERT) or, with MEMFLEET_TRUST_PROXY, through a TLS proxy. */
const cookieOptions = (req: Request, servesTls: boolean): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  secure: servesTls || req.secure,
  path: '/api',
});

export function setSessionCookie(req: Request, res: Response, sessionId: string, expiresAt: Date, servesTls: boolean): void {
  res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(req, servesTls), expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response, servesTls: boolean): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req, servesTls));
}
