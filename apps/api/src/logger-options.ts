import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
// The file alone, not @memfleet/platform's index (its spec need not load BullMQ and PGlite).
import { logDestination } from '@memfleet/platform/logging/log-destination';
import { shedMark } from './reports/shed-mark';

/**
 * The request's id: X-Request-Id when sent, else a new one; assigned once, so middleware that answers
 * before the logger runs (authenticateFirst) and the logger give the same id.
 */
export function requestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  req.id = id;
  return id;
}

// Query parameters whose value is never logged: the API reads tokens only from the Authorization
// header, but a client may still send one in the URL (?token=, ?access_token=, an OIDC ?code=).
const SENSITIVE_PARAM = /token|secret|passw|key|auth|code|signature|session|credential/i;

/** The URL as logged: the path, and the query string with sensitive values replaced by [redacted]. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const raw = eq < 0 ? pair : pair.slice(0, eq);
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw name
      }
      return SENSITIVE_PARAM.test(name) ? `${raw}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

type SerializedError = Record<string, unknown> & { driverError?: Record<string, unknown> };

/** SQL parameters (token hashes among them) and the values PostgreSQL quotes in an error's detail stay out of the logs. */
export function withoutSqlValues(err: SerializedError): SerializedError {
  const strip = (e: Record<string, unknown>) => {
    const { parameters: _parameters, ...rest } = e;
    if (typeof rest.detail === 'string') rest.detail = rest.detail.replace(/=\(.*\)/s, '=([redacted])');
    return rest;
  };
  const out = strip(err);
  if (err.driverError && typeof err.driverError === 'object') out.driverError = strip(err.driverError);
  return out;
}

/** A report post: the bulk of all requests, one per host every few minutes. */
const isReportPost = (req: { method?: string; url?: string }): boolean =>
  req.method === 'POST' && (req.url === '/api/v1/reports' || req.url?.startsWith('/api/v1/reports?') === true);

/**
 * The level a finished request is logged at. 503 is an outage the client rides out (database away,
 * Retry-After sent), not a defect: warn. A successful report post is logged at debug: one line per host
 * every few minutes says nothing at a fleet's size, and writing it cost up to 0.1 ms of the request's CPU
 * (bench/http-path.bench.ts); memfleet_reports_accepted_total counts them. A post shed by admission control
 * is logged at debug too: under overload they come by the thousand, and ingestAdmission logs how many.
 */
export function requestLogLevel(req: { method?: string; url?: string }, res: { statusCode: number }, err?: Error): 'debug' | 'info' | 'warn' | 'error' {
  if (res.statusCode === 503) return (res as { [shedMark]?: boolean })[shedMark] ? 'debug' : 'warn';
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return isReportPost(req) ? 'debug' : 'info';
}

/**
 * Every request gets an id (from X-Request-Id when sent) that problem bodies repeat. JSON lines, or readable
 * lines when stdout is a terminal (see logDestination).
 */
export function loggerOptions(level: string, isTTY = process.stdout.isTTY === true): Params {
  const options = {
    level,
    genReqId: requestId,
    // Belt and braces: the req serializer below logs no headers at all.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
    customLogLevel: requestLogLevel,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: withoutSqlValues,
    },
  };
  const destination = logDestination(isTTY);
  return { pinoHttp: destination ? [options, destination] : options };
}
