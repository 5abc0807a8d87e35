import type { ProcessConfig, ProcessMetrics } from '@memfleet/contracts';
import { scanBinary } from './binary-scan';
import type { HostFs } from './host-fs';
import { redactArgv, allowListedEnv } from './redact';
import { detectKinds } from './runtime-detect';
import { buildRuntimes, type RuntimeExtras } from './runtimes.collector';

const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

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
}

export function parseUnit(unit: string, text: string): UnitCommand | null {
  let exec: string | null = null;
  const envPairs: string[] = [];
  // line continuations
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*(ExecStart|Environment)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'ExecStart' && m[2].trim()) exec = m[2].trim().replace(/^[-@:+!]+/, '');
    if (m[1] === 'Environment') envPairs.push(...splitCommand(m[2]));
  }
  if (!exec) return null;
  return { unit, argv: splitCommand(exec), env: allowListedEnv(envPairs.join('\0')) };
}

/** Known runtimes a systemd unit starts that are not running now (crashed or stopped), so they are still judged. */
export function collectConfiguredUnits(
  fs: HostFs,
  running: ReadonlyArray<{ config: ProcessConfig }>,
): Array<{ config: ProcessConfig; metrics: ProcessMetrics }> {
  const seen = new Set<string>();
  const out: Array<{ config: ProcessConfig; metrics: ProcessMetrics }> = [];
  const runningKeys = new Set(running.flatMap((p) => p.config.runtimes.map((r) => `${r.kind}:${p.config.exe ?? p.config.cmdline?.split(' ')[0]}`)));
  for (const dir of UNIT_DIRS) {
    for (const name of fs.readdir(dir) ?? []) {
      if (!name.endsWith('.service') || seen.has(name)) continue;
      seen.add(name);
      const text = fs.tryRead(`${dir}/${name}`);
      if (!text || !/ExecStart/.test(text)) continue;
      const cmd = parseUnit(name, text);
      if (!cmd || cmd.argv.length === 0) continue;
      const exe = cmd.argv[0];
      const kinds = detectKinds({ exe, argv: cmd.argv, env: cmd.env });
      if (kinds.length === 0 || runningKeys.has(`${kinds[0]}:${exe}`)) continue;
      const marks = exe.startsWith('/') ? scanBinary(fs.abs(exe), kinds.find((k) => k !== 'jvm') ?? null) : null;
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
      out.push({
        config: {
          subject,
          state: 'configured',
          exe,
          cmdline: redactArgv(cmd.argv).join(' ').slice(0, 4096),
          containerId: null,
          rlimitAsBytes: null,
          cpusAllowedList: null,
          cpusAllowedCount: null,
          allocator: marks?.googleTcmalloc && !marks.gperftools ? 'tcmalloc-google' : null,
          declaredBy: `${dir}/${name}`,
          env: cmd.env,
          runtimes,
        },
        metrics: { subject, rssBytes: null, threads: null, arena64MiBCount: null, allocatorStats: null, aeronDir: null, envoyAdmin: null },
      });
    }
  }
  return out;
}
