import type { FilesystemUsage } from '@memfleet/contracts';
import type { HostFs } from './host-fs';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  sizeOption: string | null;
}

const MAX_MOUNTS = 256;

/** Undoes the octal escapes /proc/<pid>/mounts uses for spaces and tabs. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    const size = /(?:^|,)size=([^,]+)/.exec(f[3]);
    out.push({ mountPoint: unescape(f[1]), fsType: f[2], sizeOption: size ? size[1] : null });
  }
  return out;
}

/**
 * /proc/<pid>/mountinfo: "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue".
 * The mount point is field 5; the filesystem type and super options follow the " - " separator.
 */
export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    const f = left?.split(' ') ?? [];
    const g = right?.split(' ') ?? [];
    if (f.length < 5 || g.length < 1 || !g[0]) continue;
    const size = /(?:^|,)size=([^,]+)/.exec(g[2] ?? '');
    out.push({ mountPoint: unescape(f[4]), fsType: g[0], sizeOption: size ? size[1] : null });
  }
  return out;
}

/** The mount a path lives on: the longest mount point that is the path or one of its parents (the last such mount wins, as it hides earlier ones). */
export function mountContaining(mounts: readonly MountEntry[], path: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    const within = m.mountPoint === '/' || path === m.mountPoint || path.startsWith(`${m.mountPoint}/`);
    if (within && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** The process's own mount table (its mount namespace), from mountinfo or else mounts; null when neither is readable. */
export function processMounts(fs: HostFs, pid: number): MountEntry[] | null {
  const info = fs.tryRead(`/proc/${pid}/mountinfo`);
  if (info !== null) return parseMountInfo(info);
  const mounts = fs.tryRead(`/proc/${pid}/mounts`);
  return mounts === null ? null : parseMounts(mounts);
}

/** /dev/shm and every tmpfs mount of the host (PID 1's mount namespace, not ours). */
export function collectShmMounts(fs: HostFs): MountEntry[] {
  const text = fs.read('/proc/1/mounts', 'configuration.mounts');
  if (text === null) return [];
  const seen = new Map<string, MountEntry>();
  for (const m of parseMounts(text)) if (m.fsType === 'tmpfs' || m.mountPoint === '/dev/shm') seen.set(m.mountPoint, m);
  // /dev/shm first; the rest by path, so a truncated list keeps the interesting one.
  return [...seen.values()]
    .sort((a, b) => (a.mountPoint === '/dev/shm' ? -1 : b.mountPoint === '/dev/shm' ? 1 : a.mountPoint.localeCompare(b.mountPoint)))
    .slice(0, MAX_MOUNTS);
}

/** statfs of a host path as usage; f_frsize is not exposed by Node, f_bsize equals it on tmpfs/ext4/xfs. */
export function usageOf(fs: HostFs, hostPath: string, label: string, fact: string): FilesystemUsage | null {
  try {
    const s = fs.statfs(hostPath);
    return {
      mountPoint: label,
      blockSizeBytes: s.bsize,
      totalBytes: s.blocks * s.bsize,
      freeBytes: s.bfree * s.bsize,
      availableBytes: s.bavail * s.bsize,
      inodesTotal: s.files,
      inodesFree: s.ffree,
    };
  } catch (err) {
    fs.error(hostPath, err, fact);
    return null;
  }
}

export function collectFilesystems(fs: HostFs, mounts: MountEntry[]): FilesystemUsage[] {
  const out: FilesystemUsage[] = [];
  mounts.forEach((m, i) => {
    const u = usageOf(fs, m.mountPoint, m.mountPoint, `metrics.filesystems[${i}]`);
    if (u) out.push(u);
  });
  return out;
}
