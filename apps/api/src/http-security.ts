import fs from 'node:fs';
import tls from 'node:tls';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestApplicationOptions } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ConfigError, type AppConfig } from '@memfleet/platform';

// The dashboard is a Vite build: one module script and one stylesheet from /assets, API calls to the
// same origin, no inline code. React sets style properties through the CSSOM, which CSP allows.
const BASE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: a deployment on plain HTTP would lose every asset.
  upgradeInsecureRequests: null,
};

// Swagger UI at /docs (the @nestjs/swagger 11 page) needs four inline styles and no inline script: two
// <style> blocks and an svg style attribute in its HTML, and the logo's <style> its bundle inserts.
// Allowed by hash, so nothing else inline runs; the browser test fails when an upgrade changes them.
const DOCS_CSP = {
  ...BASE_CSP,
  styleSrc: [
    "'self'",
    "'unsafe-hashes'",
    "'sha256-/jDKvbQ8cdux+c5epDIqkjHbXDaIY8RucT1PmAe8FG4='",
    "'sha256-eaPyLWVdqMc60xuz5bTp2yBRgVpQSoUggte1+40ONPU='",
    "'sha256-ezdv1bOGcoOD7FKudKN0Y2Mb763O6qVtM8LT2mtanIU='",
    "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  ],
};

/** Paths answered by the API rather than the dashboard: never cached. */
const API_PATHS = /^\/(api\/|metrics$|healthz$|readyz$)/;

/** The HTTPS options of MEMFLEET_TLS_CERT/MEMFLEET_TLS_KEY (both or neither), read and checked at start. */
export function tlsOptions(config: Pick<AppConfig, 'tlsCert' | 'tlsKey'>): NestApplicationOptions['httpsOptions'] {
  if (!config.tlsCert && !config.tlsKey) return undefined;
  if (!config.tlsCert) throw new ConfigError('MEMFLEET_TLS_CERT is not set, but MEMFLEET_TLS_KEY is: set both for HTTPS, or neither');
  if (!config.tlsKey) throw new ConfigError('MEMFLEET_TLS_KEY is not set, but MEMFLEET_TLS_CERT is: set both for HTTPS, or neither');
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${name}=${file} cannot be read: ${(err as Error).message}`);
    }
  };
  const options = { cert: read('MEMFLEET_TLS_CERT', config.tlsCert), key: read('MEMFLEET_TLS_KEY', config.tlsKey) };
  try {
    tls.createSecureContext(options);
  } catch (err) {
    throw new ConfigError(`MEMFLEET_TLS_CERT/MEMFLEET_TLS_KEY are not a PEM certificate and its private key: ${(err as Error).message}`);
  }
  return options;
}

/** Origins of MEMFLEET_CORS_ORIGINS; empty when unset. */
export function corsOrigins(config: Pick<AppConfig, 'corsOrigins'>): string[] {
  return (config.corsOrigins ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** Security headers, no-store on API answers, and CORS only for the configured origins. Mounted before any body parsing. */
export function applyHttpSecurity(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  const headers = (directives: typeof BASE_CSP) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Sent only when this process serves HTTPS itself; behind a proxy, the proxy decides.
      strictTransportSecurity: config.tlsCert ? { maxAge: 15552000, includeSubDomains: false } : false,
    });
  const site = headers(BASE_CSP);
  const docs = headers(DOCS_CSP);
  app.use((req: Request, res: Response, next: NextFunction) => (/^\/docs(\/|$)/.test(req.path) ? docs : site)(req, res, next));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // After the headers above, so a preflight's 204 carries them too.
  const origins = new Set(corsOrigins(config));
  if (origins.size)
    app.enableCors({
      // Another origin gets no CORS headers at all (its preflight falls through to a 404).
      origin: (origin, done) => done(null, origin !== undefined && origins.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
      credentials: false,
      maxAge: 600,
    });
}
