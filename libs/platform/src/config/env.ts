// Every environment variable the server reads, declared once: the README's configuration table is
// checked against this list, and a wrong value stops the process naming the variable.

export interface EnvVarSpec {
  name: string;
  default: string;
  description: string;
  secret?: boolean;
}

export const ENV_VARS: readonly EnvVarSpec[] = [
  { name: 'PORT', default: '3000', description: 'HTTP port of the API.' },
  { name: 'DATABASE_URL', default: '(unset: embedded PGlite)', description: 'PostgreSQL connection string. Unset: an embedded PGlite database in MEMFLEET_DATA_DIR.', secret: true },
  { name: 'REDIS_URL', default: '(unset: inline queue)', description: 'Redis for BullMQ. Unset: evaluation runs in the API process.', secret: true },
  { name: 'MEMFLEET_DATA_DIR', default: './.memfleet', description: 'Where the embedded database keeps its files.' },
  { name: 'MEMFLEET_ADMIN_TOKEN', default: '(generated and printed once)', description: 'Bootstrap admin API token.', secret: true },
  { name: 'MEMFLEET_ENROLL_SECRET', default: '(generated and printed once)', description: 'Secret agents exchange for a per-host token.', secret: true },
  { name: 'MEMFLEET_METRICS_PUBLIC', default: 'false', description: 'Serve /metrics without a token.' },
  { name: 'MEMFLEET_MAX_BODY_BYTES', default: '1048576', description: 'Largest report accepted, after decompression.' },
  { name: 'MEMFLEET_HISTORY_DAYS', default: '14', description: 'How long volatile metrics of each report are kept.' },
  { name: 'MEMFLEET_RETIRE_DAYS', default: '30', description: 'Hosts silent this long are retired (hidden, kept for audits).' },
  { name: 'MEMFLEET_QUEUE_PREFIX', default: 'memfleet', description: 'BullMQ key prefix (one per deployment sharing a Redis).' },
  { name: 'MEMFLEET_WORKER_CONCURRENCY', default: '16', description: 'Jobs one worker process runs at once (evaluation waits on round trips more than CPU).' },
  { name: 'MEMFLEET_JOB_ATTEMPTS', default: '5', description: 'Evaluation attempts before a report is marked failed.' },
  { name: 'MEMFLEET_DB_POOL_SIZE', default: '10', description: 'PostgreSQL connections per process (embedded mode always uses 1).' },
  { name: 'MEMFLEET_RUN_WORKERS', default: 'false', description: 'With REDIS_URL set, also run BullMQ workers inside the API process.' },
  { name: 'MEMFLEET_SWEEP_SECONDS', default: '60', description: 'How often reports still queued (e.g. accepted while Redis was down) are re-queued, and retired hosts marked.' },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino log level: fatal, error, warn, info, debug, trace, silent.' },
];

export interface AppConfig {
  port: number;
  databaseUrl: string | null;
  redisUrl: string | null;
  dataDir: string;
  adminToken: string | null;
  enrollSecret: string | null;
  metricsPublic: boolean;
  maxBodyBytes: number;
  historyDays: number;
  retireDays: number;
  queuePrefix: string;
  workerConcurrency: number;
  jobAttempts: number;
  dbPoolSize: number;
  runWorkers: boolean;
  sweepSeconds: number;
  logLevel: string;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}=${raw} is invalid: expected an integer from ${min} to ${max}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name}=${raw} is invalid: expected true or false`);
}

function str(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw === '' ? null : raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${logLevel} is invalid: expected one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = str(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL is invalid: expected postgres://user@host:port/db');
  const redisUrl = str(env, 'REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL is invalid: expected redis://host:port');
  const adminToken = str(env, 'MEMFLEET_ADMIN_TOKEN');
  if (adminToken && adminToken.length < 16) throw new ConfigError('MEMFLEET_ADMIN_TOKEN is invalid: use at least 16 characters');
  const enrollSecret = str(env, 'MEMFLEET_ENROLL_SECRET');
  if (enrollSecret && enrollSecret.length < 16) throw new ConfigError('MEMFLEET_ENROLL_SECRET is invalid: use at least 16 characters');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    redisUrl,
    dataDir: str(env, 'MEMFLEET_DATA_DIR') ?? './.memfleet',
    adminToken,
    enrollSecret,
    metricsPublic: bool(env, 'MEMFLEET_METRICS_PUBLIC'),
    maxBodyBytes: int(env, 'MEMFLEET_MAX_BODY_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    historyDays: int(env, 'MEMFLEET_HISTORY_DAYS', 14, 1, 3650),
    retireDays: int(env, 'MEMFLEET_RETIRE_DAYS', 30, 1, 3650),
    queuePrefix: str(env, 'MEMFLEET_QUEUE_PREFIX') ?? 'memfleet',
    workerConcurrency: int(env, 'MEMFLEET_WORKER_CONCURRENCY', 16, 1, 256),
    jobAttempts: int(env, 'MEMFLEET_JOB_ATTEMPTS', 5, 1, 100),
    dbPoolSize: int(env, 'MEMFLEET_DB_POOL_SIZE', 10, 1, 500),
    runWorkers: bool(env, 'MEMFLEET_RUN_WORKERS'),
    sweepSeconds: int(env, 'MEMFLEET_SWEEP_SECONDS', 60, 1, 3600),
    logLevel,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
