import type { ProcessConfig, ProcessMetrics, RuntimeKind } from '@memfleet/contracts';

/**
 * What a process's subject is made of. `base` is the name a lone instance keeps; the rest are what can tell apart
 * several processes that share it (report/subjects.ts picks among them). See apps/agent/README.md "Subjects".
 */
export interface SubjectParts {
  /** `<kind>:<program>` plus `@<container>` and, for Envoy, `#<config path>`. */
  base: string;
  /** The port it listens on (Redis), appended as `:<port>`. */
  port: number | null;
  /** What it was given to run: Redis's config file, a JVM's main class or jar; appended as `#<arg>`. */
  arg: string | null;
  /** The systemd unit it runs in or that configures it, appended as `@<unit>`. */
  unit: string | null;
  /** Everything else about it that survives a restart (never a pid), to order look-alikes. */
  stableKey: string;
  /** Start time, then pid: the last tie-break between identical look-alikes. */
  startTime: number | null;
  pid: number | null;
}

/** A process as the collectors hand it to the report: its configuration, its metrics and how to name it. */
export interface CollectedEntry {
  config: ProcessConfig;
  metrics: ProcessMetrics;
  naming: SubjectParts;
}

/** Redis takes its config file as the first argument (`redis-server /etc/redis/redis.conf --port 6380`). */
export function redisConfigArg(argv: readonly string[]): string | null {
  const a = argv[1];
  return a && !a.startsWith('-') ? a : null;
}

/** A JVM's main class or `-jar` file: the first argument that is not an option or an option's value. */
export function jvmMainArg(argv: readonly string[]): string | null {
  const withValue = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path', '--add-opens', '--add-exports', '--add-modules']);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-jar' || a === '-m' || a === '--module') return argv[i + 1] ?? null;
    if (withValue.has(a)) i++;
    else if (!a.startsWith('-') && !a.startsWith('@')) return a; // @file: an argument file, not the main class
  }
  return null;
}

/** The argument that names what a runtime was given to run, for the kinds that have one. */
export function runArg(kinds: readonly RuntimeKind[], argv: readonly string[]): string | null {
  if (kinds.includes('redis')) return redisConfigArg(argv);
  if (kinds.includes('jvm')) return jvmMainArg(argv);
  return null;
}
