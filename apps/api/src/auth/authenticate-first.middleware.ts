import type { NextFunction, RequestHandler, Response } from 'express';
import { ProblemException } from '../common/problem.exception';
import { requestId } from '../logger-options';
import { clientAddressKey } from './client-address';
import { bearerToken, sessionEnded, unauthenticated, type AccessRequest } from './bearer';
import type { Principal } from './principal';
import type { RateLimits, LimitVerdict } from './rate-limits';
import type { RouteEntry } from './route-table';
import { routeMatcher } from './route-table';
import { csrfRefusal, sessionIdOf } from './session-cookie';
import type { SessionService } from './session.service';
import type { TokenService } from './token.service';

/** Bodies anonymous callers may send (enrolment): a few hundred bytes in practice. */
export const PUBLIC_BODY_BYTES = 64 * 1024;

export interface AuthenticateFirstOptions {
  tokens: TokenService;
  sessions: SessionService;
  limits: RateLimits;
  routes: RouteEntry[];
  publicBodyBytes?: number;
}

/**
 * Enroll answers that count as a failed attempt: a wrong, expired or revoked secret (401) and a malformed
 * request. Not 409 (a re-imaged machine already enrolled), so re-imaging a fleet behind one NAT cannot
 * lock out its enrolls, and not 5xx.
 */
/** Malformed enroll attempts, counted once answered (a wrong secret is counted by the enroll itself). */
const MALFORMED = new Set([400, 413, 415]);

const hasBody = (req: AccessRequest): boolean =>
  !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(req.method) &&
  (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);

/**
 * Runs before any body is read or inflated. A body for a route that needs a token is only read once the
 * token is known (else 401, the body unread); an anonymous body (enrolment) has a small limit of its own,
 * and an address (an IPv6 /64) whose enrolls kept failing gets 429 before its body is read. Requests of a known token
 * are counted against its rate limit. Roles stay the AuthGuard's decision: this only refuses early what
 * the guard would refuse anyway, and hands it the token check.
 */
export function authenticateFirst(opts: AuthenticateFirstOptions): RequestHandler {
  const match = routeMatcher(opts.routes);
  const publicBodyBytes = opts.publicBodyBytes ?? PUBLIC_BODY_BYTES;

  const refuse = (req: AccessRequest, res: Response, err: ProblemException, verdict?: LimitVerdict): ProblemException => {
    // The body is never read: close the connection after answering rather than draining it.
    if (hasBody(req)) res.setHeader('Connection', 'close');
    if (verdict && !verdict.allowed) res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    return err;
  };

  const decide = async (req: AccessRequest, res: Response): Promise<ProblemException | undefined> => {
    const route = match(req.method, req.path);
    if (route?.access?.kind === 'public') {
      if (!hasBody(req)) return undefined;
      const length = req.headers['content-length'];
      if (length === undefined)
        return refuse(req, res, new ProblemException(411, 'length-required', 'Send Content-Length with this body.', { title: 'Length Required' }));
      if (Number(length) > publicBodyBytes) {
        return refuse(req, res, new ProblemException(413, 'body-too-large', `The body exceeds the limit of ${publicBodyBytes} bytes for this endpoint.`));
      }
      // Wrong secrets are counted by the enroll itself, atomically as each fails (parallel guesses past the
      // allowance get 429, successful enrolls are never counted); malformed bodies are counted here.
      const address = clientAddressKey(req.ip ?? req.socket.remoteAddress);
      req.clientAddressKey = address;
      const verdict = await opts.limits.exhausted('enroll-failures', address);
      if (!verdict.allowed) {
        return refuse(
          req,
          res,
          new ProblemException(429, 'too-many-failures', 'Too many failed attempts from this address; retry after the time in Retry-After.'),
          verdict,
        );
      }
      res.on('finish', () => {
        if (MALFORMED.has(res.statusCode)) void opts.limits.consume('enroll-failures', address);
      });
      return undefined;
    }
    const token = bearerToken(req);
    let principal: Principal;
    if (token) {
      const result = await opts.tokens.check(token);
      req.tokenCheck = { token, result };
      if (!result.ok) return hasBody(req) ? refuse(req, res, unauthenticated(result.reason)) : undefined;
      principal = result.principal;
    } else {
      const id = sessionIdOf(req);
      if (!id)
        return hasBody(req) ? refuse(req, res, new ProblemException(401, 'unauthenticated', 'Send a token as "Authorization: Bearer <token>".')) : undefined;
      const found = await opts.sessions.resolve(id);
      req.sessionCheck = { id, principal: found };
      if (!found) return hasBody(req) ? refuse(req, res, sessionEnded()) : undefined;
      const csrf = csrfRefusal(req, id);
      if (csrf) return hasBody(req) ? refuse(req, res, csrf) : undefined;
      principal = found;
    }
    const limit = principal.kind === 'api' ? 'api' : route?.access?.kind === 'agent' && req.method === 'POST' ? 'reports' : null;
    if (!limit) return undefined;
    const verdict = await opts.limits.consume(limit, principal.tokenId);
    if (verdict.allowed) return undefined;
    const what = limit === 'api' ? 'requests' : 'reports';
    return refuse(req, res, new ProblemException(429, 'rate-limited', `Too many ${what} for this token; retry after the time in Retry-After.`), verdict);
  };

  return (req: AccessRequest, res: Response, next: NextFunction) => {
    requestId(req, res); // before the logger runs: an early refusal carries the id too
    decide(req, res).then((err) => next(err), next);
  };
}
