import type { ProcessConfig, RuntimeKind } from '@memfleet/contracts';
import { intOrNull, optionValue } from './argv';
import { scanBinary } from './binary-scan';
import type { HostFs } from './host-fs';
import { redactArgv, allowListedEnv } from './redact';
import { detectKinds } from './runtime-detect';
import { buildRuntimes, type RuntimeExtras } from './runtimes.collector';
import { redisConfigArg, runArg, type CollectedEntry } from './subject-parts';
import { readServiceUnits, type UnitFile } from './systemd-units';

/** Splits an ExecStart command line the way systemd does for plain words and double quotes. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export interface UnitCommand {
  unit: string;
  argv: string[];
  env: Record<string, string>;
  /** LimitAS= (soft limit): null for infinity; absent when the unit does not set it. */
  rlimitAsBytes?: number | null;
}

/** LimitAS= value: "infinity", a size with an optional K/M/G/T/P/E (1024-based) suffix, or "soft:hard". */
export function parseLimitAs(value: string): number | null | undefined {
  const soft = value.trim().split(':')[0];
  if (soft === 'infinity') return null;
  const m = /^(\d+)([KMGTPE]?)$/i.exec(soft);
  if (!m) return undefined;
  const n = Number(m[1]) * 1024 ** ' KMGTPE'.indexOf(m[2].toUpperCase() || ' ');
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseUnit(unit: string, text: string): UnitCommand | null {
  let exec: string | null = null;
  let limitAs: number | null | undefined;
  const envPairs: string[] = [];
  // line continuations
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*(ExecStart|Environment|LimitAS)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'ExecStart' && m[2].trim()) exec = m[2].trim().replace(/^[-@:+!]+/, '');
    if (m[1] === 'Environment') envPairs.push(...splitCommand(m[2]));
    if (m[1] === 'LimitAS') limitAs = parseLimitAs(m[2]);
  }
  if (!exec) return null;
  return { unit, argv: splitCommand(exec), env: allowListedEnv(envPairs.join('\0')), ...(limitAs === undefined ? {} : { rlimitAsBytes: limitAs }) };
}

/** The port a Redis unit listens on: --port, else `port` in its config file, else Redis's 6379; null when unreadable. */
export function configuredRedisPort(fs: HostFs, argv: readonly string[]): number | null {
  const flag = intOrNull(optionValue(argv, '--port'));
  if (flag !== null) return flag;
  const file = redisConfigArg(argv);
  if (file === null) return 6379;
  const text = fs.tryRead(file);
  if (text === null) return null;
  const ports = [...text.matchAll(/^\s*port\s+(\d+)\s*$/gm)];
  return ports.length ? Number(ports[ports.length - 1][1]) : 6379;
}

/** A running process as unit matching sees it. */
export interface RunningForUnits {
  config: Pick<ProcessConfig, 'systemdUnit' | 'containerId' | 'runtimes'>;
  /** /proc/<pid>/exe. */
  binary: string | null;
  naming: { port: number | null };
}

/**
 * Whether a unit's runtime is this running process, so the unit is no subject of its own: the process runs in the
 * unit (its cgroup names the unit or an alias); or it is the same kind from the same file (ExecStart's binary resolved
 * through symlinks is the process's /proc/<pid>/exe, on the host's root) and then, where both ports are known, the
 * same port (two Redis cannot listen on one), else only when the process runs in none of the host's units (unknown,
 * a scope, a transient unit) — a process in another unit is that unit's, not this one's.
 */
export function isRunningAs(
  unit: UnitFile,
  kind: RuntimeKind,
  binary: string | null,
  port: number | null,
  p: RunningForUnits,
  knownUnits: ReadonlySet<string>,
): boolean {
  if (p.config.systemdUnit && unit.names.includes(p.config.systemdUnit)) return true;
  if (p.config.containerId || binary === null || p.binary !== binary) return false;
  if (!p.config.runtimes.some((r) => r.kind === kind)) return false;
  if (port !== null && p.naming.port !== null) return port === p.naming.port;
  return !(p.config.systemdUnit && knownUnits.has(p.config.systemdUnit));
}

/** Known runtimes a systemd unit starts that are not running now (crashed or stopped), so they are still judged. */
export function collectConfiguredUnits(fs: HostFs, running: readonly RunningForUnits[]): CollectedEntry[] {
  const units = readServiceUnits(fs);
  const knownUnits = new Set(units.flatMap((u) => u.names));
  const out: CollectedEntry[] = [];
  for (const unit of units) {
    if (!/ExecStart/.test(unit.text)) continue;
    const cmd = parseUnit(unit.name, unit.text);
    if (!cmd || cmd.argv.length === 0) continue;
    const exe = cmd.argv[0];
    const kinds = detectKinds({ exe, argv: cmd.argv, env: cmd.env });
    if (kinds.length === 0) continue;
    const binary = exe.startsWith('/') ? fs.realpath(exe) : null;
    const port = kinds.includes('redis') ? configuredRedisPort(fs, cmd.argv) : null;
    if (running.some((p) => isRunningAs(unit, kinds[0], binary, port, p, knownUnits))) continue;
    const marks = binary ? scanBinary(fs.abs(binary), kinds.find((k) => k !== 'jvm') ?? null) : null;
    const extras: RuntimeExtras = {};
    const runtimes = buildRuntimes(
      fs,
      kinds,
      {
        pid: 0,
        argv: cmd.argv,
        env: cmd.env,
        exe,
        uid: null,
        procRoot: '',
        version: marks?.version ?? null,
        googleTcmalloc: marks?.googleTcmalloc ?? false,
        gperftools: marks?.gperftools ?? false,
      },
      extras,
    );
    let subject = `${kinds[0]}:${exe}`;
    if (extras.envoyConfigPath) subject += `#${extras.envoyConfigPath}`;
    const cmdline = redactArgv(cmd.argv).join(' ').slice(0, 4096);
    out.push({
      config: {
        subject,
        state: 'configured',
        exe,
        cmdline,
        containerId: null,
        systemdUnit: unit.name,
        ...(cmd.rlimitAsBytes === undefined ? {} : { rlimitAsBytes: cmd.rlimitAsBytes }),
        cpusAllowedList: null,
        cpusAllowedCount: null,
        allocator: marks?.googleTcmalloc && !marks.gperftools ? 'tcmalloc-google' : null,
        declaredBy: unit.path,
        env: cmd.env,
        runtimes,
      },
      metrics: { subject, rssBytes: null, threads: null, arena64MiBCount: null, allocatorStats: null, aeronDir: null, envoyAdmin: null },
      naming: { base: subject.slice(0, 500), port, arg: runArg(kinds, cmd.argv), unit: unit.name, stableKey: cmdline, startTime: null, pid: null },
    });
  }
  return out;
}
