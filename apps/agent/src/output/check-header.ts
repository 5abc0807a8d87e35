import { formatDuration, formatUtcMinute, UNKNOWN_TEXT, type CollectionError, type Report } from '@memfleet/contracts';

/** Which thresholds `check` evaluated with, and why those. */
export type ThresholdsUsed =
  | { source: 'server'; server: string; catalogueRevision: string }
  | { source: 'cache'; server: string; catalogueRevision: string; fetchedAt: string; why: string }
  | { source: 'defaults'; why: string };

export interface CheckHeaderInput {
  report: Report;
  thresholds: ThresholdsUsed;
  /** The catalogue revision this agent carries. */
  localRevision: string;
  /** Said after the thresholds line, e.g. that the cache could not be written. */
  notes?: string[];
  now?: Date;
}

/** Collection errors shown by name at most; the rest are a count. */
const MAX_ERRORS_SHOWN = 5;

const KIND_NAMES: Record<string, string> = {
  spin: 'Spin',
  wasmtime: 'Wasmtime',
  envoy: 'Envoy',
  aeron: 'Aeron',
  redis: 'Redis',
  mongodb: 'MongoDB',
  elasticsearch: 'Elasticsearch',
  jvm: 'JVM',
  skynet: 'Skynet',
  lua: 'Lua',
};

/** A runtime kind as people name it (`Redis`, `JVM`). */
export const kindName = (kind: string): string => KIND_NAMES[kind] ?? kind;

/** The thresholds line: which ones, from where, and how old a cached copy is. */
export function thresholdsText(t: ThresholdsUsed, localRevision: string, now = new Date()): string {
  const revision = (r: string) =>
    r === localRevision ? `catalogue ${r}, as this agent's` : `catalogue ${r}, this agent has ${localRevision}: results can differ`;
  switch (t.source) {
    case 'server':
      return `in force on ${t.server} (${revision(t.catalogueRevision)})`;
    case 'cache': {
      const age = formatDuration(Math.max(0, (now.getTime() - Date.parse(t.fetchedAt)) / 1000));
      return `cached copy of ${t.server}'s, fetched ${formatUtcMinute(Date.parse(t.fetchedAt))} (${age} ago; ${revision(t.catalogueRevision)}), because ${t.why}`;
    }
    case 'defaults':
      return `defaults, because ${t.why}`;
  }
}

function virtualizationText(report: Report): string {
  const v = report.configuration.virtualization;
  const product = [v.sysVendor, v.productName].filter((s): s is string => !!s).join(' ');
  let text = v.hypervisor === 'none' ? 'none (bare metal)' : (v.hypervisor ?? UNKNOWN_TEXT);
  if (v.qemuEmulated) text += ', QEMU emulation without KVM';
  if (product && v.hypervisor !== 'none') text += ` (${product})`;
  if (report.configuration.host.containerized) text += '; the agent runs in a container';
  return text;
}

/** One line per process with a recognised runtime: `redis 7.0.15 — redis:/usr/bin/redis-server (running)`. */
function runtimeLines(report: Report): string[] {
  return report.configuration.processes
    .filter((p) => p.runtimes.length > 0)
    .map((p) => {
      const kinds = p.runtimes.map((r) => `${kindName(r.kind)} ${r.version ?? '(version unknown)'}`).join(', ');
      return `${kinds} — ${p.subject} (${p.state})`;
    });
}

const PROCESS_OF = /^\/proc\/(\d+)\/|^\w+\((\d+)\)/;

/** The pid an error is about, from its source (`/proc/123/maps`) or fact (`process(123).env`). */
function pidOf(e: CollectionError): number | null {
  const m = PROCESS_OF.exec(e.source) ?? PROCESS_OF.exec(e.fact ?? '');
  return m ? Number(m[1] ?? m[2]) : null;
}

/**
 * The errors that decide rules, and how many others there are. A host-level file always matters; a process's
 * file matters when the process runs a recognised runtime (its rules read it) or it is the process's maps,
 * which the arena rule reads for every process. The rest (e.g. another user's environ) are counted.
 */
export function collectionErrorsThatMatter(report: Report): { shown: string[]; hidden: number; minor: number; unlisted: number } {
  const subjectOfPid = new Map((report.metrics.processes ?? []).map((m) => [m.pid, m.subject]));
  const runtimeSubjects = new Set(report.configuration.processes.filter((p) => p.runtimes.length > 0).map((p) => p.subject));
  const matters = (e: CollectionError) => {
    const pid = pidOf(e);
    if (pid === null) return true;
    const subject = subjectOfPid.get(pid);
    return (subject !== undefined && runtimeSubjects.has(subject)) || e.source.endsWith('/maps') || /\.allocator$/.test(e.fact ?? '');
  };
  const named = report.collectionErrors.filter(matters);
  const shown = named.slice(0, MAX_ERRORS_SHOWN).map((e) => {
    const pid = pidOf(e);
    const subject = pid === null ? undefined : subjectOfPid.get(pid);
    return `${e.source}${subject ? ` (${subject})` : ''}: ${shortError(e.error)}`;
  });
  const listed = report.collectionErrors.length;
  // collectionErrorCount also counts the errors a full list left out
  const unlisted = Math.max(0, (report.collectionErrorCount ?? listed) - listed);
  return { shown, hidden: named.length - shown.length, minor: listed - named.length, unlisted };
}

/** Node's `EACCES: permission denied, open '/proc/1/maps'` as `permission denied`: the path is already said. */
const shortError = (error: string): string => /^E[A-Z]+: (.+?), \w+ '[^']*'$/.exec(error)?.[1] ?? error;

const row = (name: string, value: string) => `${`${name}:`.padEnd(16)}${value}`;
const more = (lines: string[]) => lines.map((l) => `${' '.repeat(16)}${l}`);

/** The lines `check` begins with: the host first, then what the results stand on. */
export function formatCheckHeader(input: CheckHeaderInput): string {
  const { report } = input;
  const now = input.now ?? new Date();
  const host = report.configuration.host;
  const boot = host.bootTimeEpochSeconds;
  const kernel = `${host.kernelRelease ?? UNKNOWN_TEXT}${host.architecture ? ` (${host.architecture})` : ''}, booted ${typeof boot === 'number' ? formatUtcMinute(boot * 1000) : UNKNOWN_TEXT}`;
  const runtimes = runtimeLines(report);
  const errors = collectionErrorsThatMatter(report);
  const errorLines = [...errors.shown];
  if (errors.hidden > 0) errorLines.push(`and ${errors.hidden} more like these`);
  if (errors.minor > 0)
    errorLines.push(
      `${errors.minor} ${errors.shown.length ? 'other ' : ''}error${errors.minor === 1 ? '' : 's'} reading processes without a recognised runtime`,
    );
  if (errors.unlisted > 0) errorLines.push(`${errors.unlisted} more the report does not list`);
  const lines = [
    row('host', host.hostname),
    row('kernel', kernel),
    row('virtualization', virtualizationText(report)),
    row('runtimes', runtimes[0] ?? 'none recognised'),
    ...more(runtimes.slice(1)),
    row('thresholds', thresholdsText(input.thresholds, input.localRevision, now)),
    ...more(input.notes ?? []),
    row('collection', errorLines[0] ?? 'no errors'),
    ...more(errorLines.slice(1)),
    row('checked at', formatUtcMinute(Date.parse(report.collectedAt))),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** Subject → what a results group's heading adds: `Redis 7.0.15, running, pid 812`. */
export function subjectDescriptions(report: Report): Map<string, string> {
  const pidOfSubject = new Map((report.metrics.processes ?? []).map((m) => [m.subject, m.pid]));
  return new Map(
    report.configuration.processes.map((p) => {
      const kinds = p.runtimes.map((r) => `${kindName(r.kind)}${r.version ? ` ${r.version}` : ''}`);
      const pid = pidOfSubject.get(p.subject);
      return [p.subject, [...kinds, p.state, ...(typeof pid === 'number' ? [`pid ${pid}`] : [])].join(', ')];
    }),
  );
}
