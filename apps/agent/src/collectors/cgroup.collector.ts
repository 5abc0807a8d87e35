import path from 'node:path';
import type { HostFs } from './host-fs';

export interface CgroupLimits {
  version: 1 | 2 | null;
  path: string | null;
  memoryMaxBytes: number | null;
  memoryHighBytes: number | null;
  cpuLimitCores: number | null;
}

const CG = '/sys/fs/cgroup';
// v1 reports "unlimited" as a huge page-aligned number; anything this large is no limit.
const V1_UNLIMITED = 2 ** 60;

export function cgroupVersion(fs: HostFs): 1 | 2 | null {
  if (fs.exists(`${CG}/cgroup.controllers`)) return 2;
  if (fs.exists(`${CG}/memory`) || fs.exists(`${CG}/cpu`) || fs.exists(`${CG}/cpu,cpuacct`)) return 1;
  return null;
}

/** Paths per controller from a /proc/<pid>/cgroup text; the v2 path is under key "". */
export function parseProcCgroup(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '') out.set('', m[2]);
    for (const c of m[1].split(',')) if (c) out.set(c.replace(/^name=/, ''), m[2]);
  }
  return out;
}

function bytesOrNull(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  if (t === 'max' || t === '') return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= 0 && n < V1_UNLIMITED ? n : null;
}

/** cpu.max "quota period" → cores; null when unlimited. */
export function cpuMaxCores(text: string | null): number | null {
  if (!text) return null;
  const [q, p] = text.trim().split(/\s+/);
  if (q === 'max' || !p) return null;
  const cores = Number(q) / Number(p);
  return Number.isFinite(cores) && cores > 0 ? Math.round(cores * 1000) / 1000 : null;
}

function v1CfsCores(fs: HostFs, dir: string): number | null {
  const quota = Number(fs.tryRead(`${dir}/cpu.cfs_quota_us`)?.trim());
  const period = Number(fs.tryRead(`${dir}/cpu.cfs_period_us`)?.trim());
  if (!(quota > 0) || !(period > 0)) return null;
  return Math.round((quota / period) * 1000) / 1000;
}

/** Memory and CPU limits of the cgroup a /proc/<pid>/cgroup text names (pid 1 for the host). */
export function limitsFor(fs: HostFs, procCgroupText: string | null, version: 1 | 2 | null): CgroupLimits {
  const empty: CgroupLimits = { version, path: null, memoryMaxBytes: null, memoryHighBytes: null, cpuLimitCores: null };
  if (procCgroupText === null || version === null) return empty;
  const paths = parseProcCgroup(procCgroupText);
  if (version === 2) {
    const p = paths.get('');
    if (p === undefined) return empty;
    const dir = path.posix.join(CG, p);
    return {
      version,
      path: p,
      memoryMaxBytes: bytesOrNull(fs.tryRead(`${dir}/memory.max`)),
      memoryHighBytes: bytesOrNull(fs.tryRead(`${dir}/memory.high`)),
      cpuLimitCores: cpuMaxCores(fs.tryRead(`${dir}/cpu.max`)),
    };
  }
  const mem = paths.get('memory');
  const cpu = paths.get('cpu');
  const cpuDir = fs.exists(`${CG}/cpu,cpuacct`) ? `${CG}/cpu,cpuacct` : `${CG}/cpu`;
  return {
    version,
    path: mem ?? cpu ?? null,
    memoryMaxBytes: mem === undefined ? null : bytesOrNull(fs.tryRead(path.posix.join(CG, 'memory', mem, 'memory.limit_in_bytes'))),
    memoryHighBytes: null,
    cpuLimitCores: cpu === undefined ? null : v1CfsCores(fs, path.posix.join(cpuDir, cpu)),
  };
}

const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]{1,248}\.(service|scope)$/;

/**
 * The system service a process runs in, from its /proc/<pid>/cgroup: the last path component that names a unit
 * (`.service` or `.scope`), on the v1 name=systemd hierarchy else the v2 one. Only a system service counts — it is
 * what `systemctl restart UNIT` acts on: a scope (a login session such as session-3.scope, a container, systemd-run
 * --scope) cannot be restarted, and a unit under user@<uid>.service belongs to a user's manager (`systemctl --user`).
 */
export function systemdUnitOf(procCgroupText: string | null): string | null {
  if (procCgroupText === null) return null;
  const paths = parseProcCgroup(procCgroupText);
  const p = paths.get('systemd') ?? paths.get('');
  if (!p) return null;
  const parts = p.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = UNIT_NAME.exec(parts[i]);
    if (!m) continue;
    if (m[1] === 'scope') return null;
    return parts.slice(0, i).some((a) => /^user@\d+\.service$/.test(a)) ? null : parts[i];
  }
  return null;
}
