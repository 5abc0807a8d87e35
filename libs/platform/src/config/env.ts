import { Value } from '@sinclair/typebox/value';
import { parseCron } from '../queue/cron';
import { ENV_VARIABLES, EnvSchema, type Env, type EnvVariable } from './env.schema';

export type OidcRole = 'viewer' | 'operator' | 'admin';

/** Single sign-on through an OpenID Connect issuer (authorization code + PKCE). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUrl: string;
  scopes: string;
  roleClaim: string;
  /** Claim value → role, in the order given. */
  roles: { role: OidcRole; value: string }[];
}

export interface AppConfig {
  port: number;
  /** Bind address of the API (and of a worker's metrics server). */
  host: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  dataDir: string;
  adminToken: string | null;
  enrollSecret: string | null;
  metricsPublic: boolean;
  fleetGaugeSeconds: number;
  workerMetricsPort: number | null;
  maxBodyBytes: number;
  ingestMaxPending: number;
  historyDays: number;
  reportRetentionDays: number;
  retireDays: number;
  auditRetentionDays: number;
  /** Limits of one uploaded allocation trace (uncompressed bytes). */
  traceMaxEvents: number;
  traceMaxBytes: number;
  queuePrefix: string;
  workerConcurrency: number;
  jobAttempts: number;
  /** Periodic rules (history, volatile metrics) re-run at least this often per host. */
  historyRuleMinutes: number;
  jobLockSeconds: number;
  dbPoolSize: number;
  runWorkers: boolean;
  sweepSeconds: number;
  rateReportsPerMinute: number;
  rateApiPerMinute: number;
  rateEnrollFailuresPerMinute: number;
  /** Proxy hops trusted for X-Forwarded-For (Express `trust proxy`); 0: the socket address. */
  trustProxy: number;
  dashboardDir: string | null;
  /** The dashboard's default refresh interval (0: off); a viewer's own choice in the browser wins. */
  dashboardRefreshSeconds: number;
  tlsCert: string | null;
  tlsKey: string | null;
  corsOrigins: string | null;
  /** Base of links to memfleet pages in outgoing messages, without a trailing slash. */
  publicUrl: string;
  sessionHours: number;
  /** Single sign-on (null: off); checked together by oidcConfig() at start. */
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
  oidcRedirectUrl: string | null;
  oidcScopes: string;
  oidcRoleClaim: string;
  oidcRoles: string | null;
  smtpUrl: string | null;
  smtpFrom: string;
  /** Comma-separated CIDRs destinations may not reach; null: none. */
  destinationDenyCidrs: string | null;
  alertBatchSeconds: number;
  deliveryAttempts: number;
  deliveryBackoffSeconds: number;
  /** The default audit schedule's cron expression for a new install; null: none. */
  auditCron: string | null;
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {}

/** The accepted values of a variable in words, from its schema: error messages and the README say the same. */
export function acceptedValues(v: EnvVariable): string {
  const s = v.schema as EnvVariable['schema'] & { type?: string; minimum?: number; maximum?: number; minLength?: number; anyOf?: { const: string }[] };
  if (s.accepts) return s.accepts;
  if (s.type === 'integer') return `an integer from ${s.minimum} to ${s.maximum}`;
  if (s.type === 'boolean') return 'true or false (also 1 or 0)';
  if (s.anyOf) return `one of ${s.anyOf.map((o) => o.const).join(', ')}`;
  if (s.minLength && s.minLength > 1) return `at least ${s.minLength} characters`;
  return 'any text';
}

// Environment values are text: integers and booleans are parsed strictly here (TypeBox's own
// conversion would truncate "5.5" to 5), then the schema checks ranges, patterns and lengths.
function parse(v: EnvVariable, raw: string): unknown {
  const type = (v.schema as { type?: string }).type;
  if (type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

/** Reads the declared variables (an empty value counts as unset unless declared emptyIsValue); a wrong one throws, naming it and what it accepts. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const values: Record<string, unknown> = {};
  for (const v of ENV_VARIABLES) {
    const raw = env[v.name];
    if (raw === undefined || (raw === '' && !v.schema.emptyIsValue)) continue;
    const value = parse(v, raw);
    if (!Value.Check(v.schema, value)) {
      const shown = v.schema.secret ? v.name : `${v.name}=${raw}`;
      throw new ConfigError(`${shown} is invalid: expected ${acceptedValues(v)}`);
    }
    values[v.name] = value;
  }
  return Value.Default(EnvSchema, values) as Env;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = readEnv(env);
  return {
    port: e.PORT,
    host: e.HOST.trim(),
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    dataDir: e.MEMFLEET_DATA_DIR,
    adminToken: e.MEMFLEET_ADMIN_TOKEN ?? null,
    enrollSecret: e.MEMFLEET_ENROLL_SECRET ?? null,
    metricsPublic: e.MEMFLEET_METRICS_PUBLIC,
    fleetGaugeSeconds: e.MEMFLEET_FLEET_GAUGE_SECONDS,
    workerMetricsPort: e.MEMFLEET_WORKER_METRICS_PORT ?? null,
    maxBodyBytes: e.MEMFLEET_MAX_BODY_BYTES,
    ingestMaxPending: e.MEMFLEET_INGEST_MAX_PENDING,
    historyDays: e.MEMFLEET_HISTORY_DAYS,
    reportRetentionDays: e.MEMFLEET_REPORT_RETENTION_DAYS,
    retireDays: e.MEMFLEET_RETIRE_DAYS,
    auditRetentionDays: e.MEMFLEET_AUDIT_RETENTION_DAYS,
    traceMaxEvents: e.MEMFLEET_TRACE_MAX_EVENTS,
    traceMaxBytes: e.MEMFLEET_TRACE_MAX_BYTES,
    queuePrefix: e.MEMFLEET_QUEUE_PREFIX,
    workerConcurrency: e.MEMFLEET_WORKER_CONCURRENCY,
    jobAttempts: e.MEMFLEET_JOB_ATTEMPTS,
    historyRuleMinutes: e.MEMFLEET_HISTORY_RULE_MINUTES,
    jobLockSeconds: e.MEMFLEET_JOB_LOCK_SECONDS,
    dbPoolSize: e.MEMFLEET_DB_POOL_SIZE,
    runWorkers: e.MEMFLEET_RUN_WORKERS,
    sweepSeconds: e.MEMFLEET_SWEEP_SECONDS,
    rateReportsPerMinute: e.MEMFLEET_RATE_REPORTS_PER_MINUTE,
    rateApiPerMinute: e.MEMFLEET_RATE_API_PER_MINUTE,
    rateEnrollFailuresPerMinute: e.MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE,
    trustProxy: e.MEMFLEET_TRUST_PROXY,
    dashboardDir: e.MEMFLEET_DASHBOARD_DIR ?? null,
    dashboardRefreshSeconds: e.MEMFLEET_DASHBOARD_REFRESH_SECONDS,
    tlsCert: e.MEMFLEET_TLS_CERT ?? null,
    tlsKey: e.MEMFLEET_TLS_KEY ?? null,
    corsOrigins: e.MEMFLEET_CORS_ORIGINS ?? null,
    publicUrl: e.MEMFLEET_PUBLIC_URL.replace(/\/+$/, ''),
    sessionHours: e.MEMFLEET_SESSION_HOURS,
    oidcIssuer: e.MEMFLEET_OIDC_ISSUER ?? null,
    oidcClientId: e.MEMFLEET_OIDC_CLIENT_ID ?? null,
    oidcClientSecret: e.MEMFLEET_OIDC_CLIENT_SECRET ?? null,
    oidcRedirectUrl: e.MEMFLEET_OIDC_REDIRECT_URL ?? null,
    oidcScopes: e.MEMFLEET_OIDC_SCOPES,
    oidcRoleClaim: e.MEMFLEET_OIDC_ROLE_CLAIM,
    oidcRoles: e.MEMFLEET_OIDC_ROLES ?? null,
    smtpUrl: e.MEMFLEET_SMTP_URL ?? null,
    smtpFrom: e.MEMFLEET_SMTP_FROM,
    destinationDenyCidrs: e.MEMFLEET_DESTINATION_DENY_CIDRS?.trim() || null,
    alertBatchSeconds: e.MEMFLEET_ALERT_BATCH_SECONDS,
    deliveryAttempts: e.MEMFLEET_DELIVERY_ATTEMPTS,
    deliveryBackoffSeconds: e.MEMFLEET_DELIVERY_BACKOFF_SECONDS,
    auditCron: auditCron(e.MEMFLEET_AUDIT_CRON),
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * The single sign-on settings, or null when MEMFLEET_OIDC_ISSUER is unset. The variables go together: an
 * issuer without a client id or a role mapping, or a client id without an issuer, throws (the API checks
 * this before it starts).
 */
export function oidcConfig(c: AppConfig): OidcConfig | null {
  if (!c.oidcIssuer) {
    const stray = (
      [
        ['MEMFLEET_OIDC_CLIENT_ID', c.oidcClientId],
        ['MEMFLEET_OIDC_CLIENT_SECRET', c.oidcClientSecret],
        ['MEMFLEET_OIDC_ROLES', c.oidcRoles],
      ] as const
    ).find(([, v]) => v !== null)?.[0];
    if (stray) throw new ConfigError(`${stray} is set, but MEMFLEET_OIDC_ISSUER is not: set the issuer for single sign-on, or unset ${stray}`);
    return null;
  }
  const issuer = new URL(c.oidcIssuer);
  if (issuer.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname))
    throw new ConfigError(`MEMFLEET_OIDC_ISSUER=${c.oidcIssuer} is invalid: expected an https URL (http only on a loopback address)`);
  if (!c.oidcClientId) throw new ConfigError('MEMFLEET_OIDC_CLIENT_ID is not set, but MEMFLEET_OIDC_ISSUER is: single sign-on needs both');
  if (!c.oidcRoles) throw new ConfigError('MEMFLEET_OIDC_ROLES is not set, but MEMFLEET_OIDC_ISSUER is: map at least one claim value to a role');
  const roles = c.oidcRoles.split(',').map((pair) => {
    const [role, value] = pair.trim().split(':');
    return { role: role as OidcRole, value };
  });
  return {
    issuer: c.oidcIssuer,
    clientId: c.oidcClientId,
    clientSecret: c.oidcClientSecret,
    redirectUrl: c.oidcRedirectUrl ?? `${c.publicUrl}/api/v1/sessions/oidc/callback`,
    scopes: c.oidcScopes.trim(),
    roleClaim: c.oidcRoleClaim,
    roles,
  };
}

// Checked with the parser the schedules use, so a default that could never run stops the start.
function auditCron(raw: string): string | null {
  if (raw.trim() === '') return null;
  const parsed = parseCron(raw, 'UTC');
  if (!parsed.ok) {
    const v = ENV_VARIABLES.find((x) => x.name === 'MEMFLEET_AUDIT_CRON')!;
    throw new ConfigError(`MEMFLEET_AUDIT_CRON=${raw} is invalid: expected ${acceptedValues(v)} (${parsed.reason})`);
  }
  return raw.trim();
}

export const APP_CONFIG = Symbol('APP_CONFIG');
