import type { RuntimeKind } from '@memfleet/contracts';
import { basename } from './argv';
import { allowListedEnv } from './redact';
import type { HostFs } from './host-fs';
import { detectKinds } from './runtime-detect';

/** What is read for every process to decide which ones to report. */
export interface ProcBasics {
  pid: number;
  comm: string;
  /** The executable by the name it was started as: /proc/<pid>/exe, or the symlink to it argv[0] names (see startedAs). */
  exe: string | null;
  /** /proc/<pid>/exe: the file that runs, inside the process's root. */
  binary: string | null;
  argv: string[];
  env: Record<string, string>;
  environReadable: boolean;
  rssBytes: number | null;
  threads: number | null;
  startTicks: number | null;
  cpusAllowedList: string | null;
  uid: number | null;
  kinds: RuntimeKind[];
}

/** /proc/<pid>/stat: fields after the parenthesised comm, which may itself hold spaces and parens. */
export function parseStat(text: string): { comm: string; fields: string[] } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  return {
    comm: text.slice(open + 1, close),
    fields: text
      .slice(close + 2)
      .trim()
      .split(' '),
  };
}

export function parseStatus(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

/**
 * The name a multi-call binary was started by: Debian's /usr/bin/redis-server is a symlink to redis-check-rdb, so
 * /proc/<pid>/exe says redis-check-rdb while the process is the server. argv[0] (its first word: Redis rewrites its
 * title to "redis-server 127.0.0.1:6379") counts only when, resolved inside the process's root, it is that very file
 * under another name; a bare name is looked up beside the binary.
 */
export function startedAs(fs: HostFs, pid: number, binary: string, argv: readonly string[]): string | null {
  const first = argv[0]?.split(' ')[0] ?? '';
  if (!binary.startsWith('/') || first === '' || basename(first) === basename(binary)) return null;
  const candidate = first.startsWith('/') ? first : first.includes('/') ? null : `${binary.slice(0, binary.lastIndexOf('/'))}/${first}`;
  if (candidate === null) return null;
  const within = fs.exists(`/proc/${pid}/root/`) ? `/proc/${pid}/root` : '';
  return fs.realpath(candidate, within) === binary ? candidate : null;
}

export function readBasics(fs: HostFs, pid: number): ProcBasics | null {
  const dir = `/proc/${pid}`;
  const statText = fs.tryRead(`${dir}/stat`);
  if (statText === null) return null; // exited meanwhile
  const stat = parseStat(statText);
  if (!stat) return null;
  const cmdline = fs.tryRead(`${dir}/cmdline`) ?? '';
  const binary = fs.readlink(`${dir}/exe`);
  // kernel threads have neither a command line nor an executable
  if (cmdline === '' && binary === null) return null;
  const argv = cmdline.split('\0');
  while (argv.length && argv[argv.length - 1] === '') argv.pop();
  const exe = binary === null ? null : (startedAs(fs, pid, binary, argv) ?? binary);
  const status = parseStatus(fs.tryRead(`${dir}/status`) ?? '');
  const rssKb = /^(\d+) kB$/.exec(status.get('VmRSS') ?? '');
  const environ = fs.tryRead(`${dir}/environ`);
  const env = environ === null ? {} : allowListedEnv(environ);
  const startTicks = Number(stat.fields[19]);
  const threads = Number(status.get('Threads') ?? stat.fields[17]);
  return {
    pid,
    comm: stat.comm,
    exe,
    binary,
    argv,
    env,
    environReadable: environ !== null,
    rssBytes: rssKb ? Number(rssKb[1]) * 1024 : null,
    threads: Number.isInteger(threads) ? threads : null,
    startTicks: Number.isFinite(startTicks) ? startTicks : null,
    cpusAllowedList: status.get('Cpus_allowed_list') ?? null,
    uid: status.has('Uid') ? Number(status.get('Uid')?.split(/\s+/)[0]) : null,
    kinds: detectKinds({ exe, argv, env }),
  };
}

/** Every process a runtime detector recognises, plus the top N by RSS. */
export function scanProcesses(fs: HostFs, topN: number): { selected: ProcBasics[]; seen: number } {
  const names = fs.readdir('/proc');
  if (names === null) {
    fs.error('/proc', 'cannot list /proc', 'configuration.processes');
    return { selected: [], seen: 0 };
  }
  const all: ProcBasics[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const b = readBasics(fs, Number(n));
    if (b) all.push(b);
  }
  const recognised = all.filter((p) => p.kinds.length > 0);
  const byRss = all
    .filter((p) => p.kinds.length === 0)
    .sort((a, b) => (b.rssBytes ?? 0) - (a.rssBytes ?? 0) || a.pid - b.pid)
    .slice(0, topN);
  const selected = [...recognised, ...byRss].sort((a, b) => a.pid - b.pid);
  return { selected, seen: all.length };
}
