import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Every environment variable the server reads, declared once. The loader takes its defaults and
// validation from here, and scripts/gen-config-doc.ts writes the README's configuration table from it.
// Besides JSON Schema keywords, a variable may carry:
//   secret     the value is never echoed in an error
//   whenUnset  what an optional variable without a default means when unset (the table's default column)
//   accepts    the accepted values in words, where the schema's keywords say too little (a pattern)
//   emptyIsValue  an empty value is a value (e.g. "none"), not unset

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const EnvSchema = Type.Object({
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'HTTP port of the API.' }),
  HOST: Type.String({
    default: '0.0.0.0',
    pattern: '^[^\\s/]+$',
    accepts: 'an IP address or host name of this machine',
    examples: ['127.0.0.1'],
    description:
      "Address the API listens on, and a worker's metrics server: 0.0.0.0 every IPv4 interface, :: every interface, 127.0.0.1 this machine only (behind a local proxy).",
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      accepts: 'postgres://user@host:port/db',
      examples: ['postgres://memfleet@127.0.0.1:5432/memfleet'],
      whenUnset: 'embedded PGlite',
      secret: true,
      description: 'PostgreSQL connection string. Unset: an embedded PGlite database in MEMFLEET_DATA_DIR.',
    }),
  ),
  REDIS_URL: Type.Optional(
    Type.String({
      pattern: '^rediss?://',
      accepts: 'redis://host:port',
      examples: ['redis://127.0.0.1:6379'],
      whenUnset: 'inline queue',
      secret: true,
      description: 'Redis for BullMQ. Unset: evaluation and housekeeping run in the API process.',
    }),
  ),
  MEMFLEET_DATA_DIR: Type.String({ default: './.memfleet', examples: ['/var/lib/memfleet'], description: 'Where the embedded database keeps its files.' }),
  MEMFLEET_ADMIN_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      examples: ['admin-token-0123456789'],
      whenUnset: 'generated and printed once',
      secret: true,
      description: 'Bootstrap admin API token.',
    }),
  ),
  MEMFLEET_ENROLL_SECRET: Type.Optional(
    Type.String({
      minLength: 16,
      examples: ['enroll-secret-0123456789'],
      whenUnset: 'generated and printed once',
      secret: true,
      description: 'Secret agents exchange for a per-host token.',
    }),
  ),
  MEMFLEET_METRICS_PUBLIC: Type.Boolean({ default: false, description: 'Serve /metrics without a token.' }),
  MEMFLEET_FLEET_GAUGE_SECONDS: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 3600,
    description:
      'How long the fleet gauges on /metrics (hosts by state, findings by rule and severity) are reused before they are counted again in PostgreSQL, per API process.',
  }),
  MEMFLEET_WORKER_METRICS_PORT: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 65535,
      examples: [9465],
      whenUnset: 'no metrics server',
      description: "Port (on HOST) where a worker process serves its own Prometheus metrics at /metrics: process metrics and its jobs' outcomes.",
    }),
  ),
  MEMFLEET_MAX_BODY_BYTES: Type.Integer({ default: 1048576, minimum: 1024, maximum: 268435456, description: 'Largest report accepted, after decompression.' }),
  MEMFLEET_INGEST_MAX_PENDING: Type.Integer({
    default: 128,
    minimum: 1,
    maximum: 100000,
    description:
      'Report posts one API process holds in progress at once; past it a post is answered 503 (overloaded) with Retry-After before its body is read, and the agent sends it again later.',
  }),
  MEMFLEET_HISTORY_DAYS: Type.Integer({
    default: 14,
    minimum: 1,
    maximum: 3650,
    description:
      "How long the compact history samples of each report (what history-aware rules read), finished deliveries, resolved alert states and housekeeping runs are kept; samples go a day's partition at a time.",
  }),
  MEMFLEET_REPORT_RETENTION_DAYS: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 3650,
    description: "How long full reports are kept, dropped a day's partition at a time; each host's latest report is kept whatever its age.",
  }),
  MEMFLEET_RETIRE_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 3650, description: 'Hosts silent this long are retired (hidden, kept for audits).' }),
  MEMFLEET_AUDIT_RETENTION_DAYS: Type.Integer({ default: 365, minimum: 1, maximum: 36500, description: 'Stored fleet audits older than this are deleted.' }),
  MEMFLEET_TRACE_MAX_EVENTS: Type.Integer({
    default: 10_000_000,
    minimum: 1,
    maximum: 100_000_000,
    description: 'An uploaded allocation trace with more events is refused (413).',
  }),
  MEMFLEET_TRACE_MAX_BYTES: Type.Integer({
    default: 200 * 1024 * 1024,
    minimum: 1,
    maximum: 4 * 1024 * 1024 * 1024,
    description: 'An uploaded allocation trace larger than this, uncompressed, is refused (413).',
  }),
  MEMFLEET_QUEUE_PREFIX: Type.String({
    default: 'memfleet',
    minLength: 1,
    examples: ['memfleet-staging'],
    description: 'BullMQ key prefix (one per deployment sharing a Redis).',
  }),
  MEMFLEET_WORKER_CONCURRENCY: Type.Integer({
    default: 16,
    minimum: 1,
    maximum: 256,
    description: 'Evaluation jobs one worker process runs at once (evaluation waits on round trips more than CPU).',
  }),
  MEMFLEET_HISTORY_RULE_MINUTES: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 1440,
    description:
      'Incremental evaluation: rules that read history or volatile metrics (within their declared tolerance, or only as evidence) re-run at least this often per host; between runs, a report that changes no rule input is settled without a job.',
  }),
  MEMFLEET_JOB_ATTEMPTS: Type.Integer({ default: 5, minimum: 1, maximum: 100, description: 'Evaluation attempts before a report is marked failed.' }),
  MEMFLEET_JOB_LOCK_SECONDS: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 3600,
    description:
      "BullMQ: a running job's lock (renewed by its worker) and how often workers look for stalled jobs; a job whose worker died or blocked longer is retried once, and a second stall fails it (its report is marked failed).",
  }),
  MEMFLEET_DB_POOL_SIZE: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 500,
    description: 'PostgreSQL connections per process for queries; an API process opens 4 more for the ingest batch statement (embedded mode: 1 in all).',
  }),
  MEMFLEET_RUN_WORKERS: Type.Boolean({ default: false, description: 'With REDIS_URL set, also run the BullMQ workers inside the API process.' }),
  MEMFLEET_SWEEP_SECONDS: Type.Integer({
    default: 60,
    minimum: 1,
    maximum: 3600,
    description: 'How often each housekeeping job runs (one run per tick across all processes; see How data flows).',
  }),
  MEMFLEET_RATE_REPORTS_PER_MINUTE: Type.Integer({
    default: 60,
    minimum: 1,
    maximum: 1000000,
    description: 'Reports one agent token may post per minute; more get 429 with Retry-After (counted in Redis across API processes).',
  }),
  MEMFLEET_RATE_API_PER_MINUTE: Type.Integer({
    default: 600,
    minimum: 1,
    maximum: 1000000,
    description: 'Requests one API token may make per minute; more get 429 with Retry-After.',
  }),
  MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE: Type.Integer({
    default: 20,
    minimum: 1,
    maximum: 1000000,
    description:
      'Failed enroll attempts (wrong, expired or revoked secret; malformed request) one client address (an IPv6 /64) may make per minute; then its enrolls get 429 until the minute ends. Successful enrolls and 409 already-enrolled are not counted.',
  }),
  MEMFLEET_TRUST_PROXY: Type.Integer({
    default: 0,
    minimum: 0,
    maximum: 10,
    description:
      'How many reverse proxies in front of the API to trust for X-Forwarded-For: the client address (counted by the enroll-failure limit) is taken that many hops back. 0: the connection peer, the header is ignored.',
  }),
  MEMFLEET_DASHBOARD_DIR: Type.Optional(
    Type.String({
      examples: ['/srv/memfleet/dashboard'],
      whenUnset: 'apps/dashboard/dist of the install',
      description: 'Where the built dashboard served at / is.',
    }),
  ),
  MEMFLEET_DASHBOARD_REFRESH_SECONDS: Type.Integer({
    default: 30,
    minimum: 0,
    maximum: 3600,
    description:
      'How often dashboard pages refresh on their own, in seconds, until a viewer picks another interval in the dashboard (kept in that browser). 0: off.',
  }),
  MEMFLEET_TLS_CERT: Type.Optional(
    Type.String({
      examples: ['/etc/memfleet/tls/cert.pem'],
      accepts: 'a path to a PEM file',
      whenUnset: 'plain HTTP',
      description: 'Certificate (chain) for HTTPS served by the API itself, for deployments without a TLS proxy. Both TLS variables or neither.',
    }),
  ),
  MEMFLEET_TLS_KEY: Type.Optional(
    Type.String({
      examples: ['/etc/memfleet/tls/key.pem'],
      accepts: 'a path to a PEM file',
      whenUnset: 'plain HTTP',
      description: 'Private key of MEMFLEET_TLS_CERT; both files are read and checked at start.',
    }),
  ),
  MEMFLEET_CORS_ORIGINS: Type.Optional(
    Type.String({
      pattern: '^\\s*https?://[^/,\\s*]+\\s*(,\\s*https?://[^/,\\s*]+\\s*)*$',
      accepts: 'comma-separated scheme://host[:port]',
      examples: ['https://ops.example.com'],
      whenUnset: 'no CORS headers',
      description: 'Browser origins allowed to call the API cross-origin, matched exactly (no wildcards).',
    }),
  ),
  MEMFLEET_SESSION_HOURS: Type.Integer({
    default: 12,
    minimum: 1,
    maximum: 720,
    description: 'How long a dashboard sign-in (a session cookie) lasts; never longer than the API token it was signed in with.',
  }),
  MEMFLEET_OIDC_ISSUER: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      accepts: 'the https URL of an OpenID Connect issuer (http only on a loopback address)',
      examples: ['https://login.example.com/realms/ops'],
      whenUnset: 'no single sign-on',
      description:
        'Single sign-on: the OpenID Connect issuer (its discovery document is read at the first sign-in). Set it with MEMFLEET_OIDC_CLIENT_ID and MEMFLEET_OIDC_ROLES.',
    }),
  ),
  MEMFLEET_OIDC_CLIENT_ID: Type.Optional(
    Type.String({
      minLength: 1,
      examples: ['memfleet'],
      whenUnset: 'required with MEMFLEET_OIDC_ISSUER',
      description: 'Single sign-on: the client id registered at the issuer.',
    }),
  ),
  MEMFLEET_OIDC_CLIENT_SECRET: Type.Optional(
    Type.String({
      minLength: 1,
      examples: ['client-secret'],
      whenUnset: 'a public client (PKCE only)',
      secret: true,
      description: 'Single sign-on: the client secret (sent as client_secret_basic).',
    }),
  ),
  MEMFLEET_OIDC_REDIRECT_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      accepts: 'an http(s) URL',
      examples: ['https://memfleet.example.com/api/v1/sessions/oidc/callback'],
      whenUnset: 'MEMFLEET_PUBLIC_URL + /api/v1/sessions/oidc/callback',
      description: 'Single sign-on: the redirect URL registered at the issuer.',
    }),
  ),
  MEMFLEET_OIDC_SCOPES: Type.String({
    default: 'openid email profile',
    pattern: '(^|\\s)openid(\\s|$)',
    accepts: 'space-separated scopes including openid',
    examples: ['openid email groups'],
    description: 'Single sign-on: the scopes asked for.',
  }),
  MEMFLEET_OIDC_ROLE_CLAIM: Type.String({
    default: 'groups',
    minLength: 1,
    examples: ['roles'],
    description: 'Single sign-on: the ID token or userinfo claim (a string or a list of strings) whose values MEMFLEET_OIDC_ROLES maps to roles.',
  }),
  MEMFLEET_OIDC_ROLES: Type.Optional(
    Type.String({
      pattern: '^\\s*(viewer|operator|admin):[^,:\\s]+\\s*(,\\s*(viewer|operator|admin):[^,:\\s]+\\s*)*$',
      accepts: 'comma-separated role:claim-value pairs (roles viewer, operator, admin)',
      examples: ['admin:sre-admins,operator:sre'],
      whenUnset: 'required with MEMFLEET_OIDC_ISSUER',
      description:
        'Single sign-on: which claim values give which role; a user gets the highest role any of their values maps to, and a user with none is refused.',
    }),
  ),
  MEMFLEET_PUBLIC_URL: Type.String({
    default: 'http://localhost:3000',
    pattern: '^https?://[^\\s]+$',
    accepts: 'an http(s) URL',
    examples: ['https://memfleet.example.com'],
    description: 'Where people open memfleet: the base of the host links in alerts and e-mails (`<url>/hosts/<id>`).',
  }),
  MEMFLEET_SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      accepts: 'smtp://[user:password@]host:port or smtps://…',
      examples: ['smtp://mail.example.com:587'],
      whenUnset: 'e-mail destinations fail to deliver',
      secret: true,
      description: 'The SMTP server e-mail destinations send through (nodemailer).',
    }),
  ),
  MEMFLEET_SMTP_FROM: Type.String({
    default: 'memfleet@localhost',
    pattern: '^[^\\s@<>]+@[^\\s@<>]+$',
    accepts: 'an e-mail address',
    examples: ['memfleet@example.com'],
    description: 'Sender address of e-mails.',
  }),
  MEMFLEET_DESTINATION_DENY_CIDRS: Type.Optional(
    Type.String({
      pattern: '^[\\s0-9a-fA-F:./,]*$',
      accepts: 'comma-separated CIDRs (IPv4 or IPv6)',
      examples: ['169.254.0.0/16,127.0.0.0/8,::1/128'],
      whenUnset: 'none refused',
      description:
        'Addresses webhook, Slack and Alertmanager destinations may not reach: refused when a destination is created with such a literal address, and at every send after resolving its host name (every address it resolves to is checked).',
    }),
  ),
  MEMFLEET_ALERT_BATCH_SECONDS: Type.Integer({
    default: 60,
    minimum: 1,
    maximum: 3600,
    description: 'How often new critical findings, resolutions and stale hosts are collected into one delivery per destination.',
  }),
  MEMFLEET_DELIVERY_ATTEMPTS: Type.Integer({ default: 5, minimum: 1, maximum: 50, description: 'Attempts to send one delivery before it is marked dead.' }),
  MEMFLEET_DELIVERY_BACKOFF_SECONDS: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 86400,
    description: 'Pause after the first failed attempt of a delivery; each further one doubles it.',
  }),
  MEMFLEET_AUDIT_CRON: Type.String({
    default: '0 6 * * *',
    accepts: 'a cron expression (5 fields, or 6 with seconds first), or empty for none',
    examples: ['30 5 * * 1-5'],
    emptyIsValue: true,
    description:
      'The default audit schedule ("daily", UTC, whole fleet, every format) created on a new install; empty: none. Read once: afterwards the stored schedules are the truth (see Schedules).',
  }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level.' },
  ),
});

export type Env = Static<typeof EnvSchema>;
export type EnvName = keyof Env & string;

/** One declared variable with the keywords the loader and the docs read. */
export interface EnvVariable {
  name: EnvName;
  schema: TSchema & {
    default?: unknown;
    description: string;
    secret?: boolean;
    whenUnset?: string;
    accepts?: string;
    examples?: unknown[];
    emptyIsValue?: boolean;
  };
  optional: boolean;
}

export const ENV_VARIABLES: readonly EnvVariable[] = Object.entries(EnvSchema.properties).map(([name, schema]) => ({
  name: name as EnvName,
  schema: schema as EnvVariable['schema'],
  optional: !((EnvSchema.required ?? []) as string[]).includes(name),
}));
