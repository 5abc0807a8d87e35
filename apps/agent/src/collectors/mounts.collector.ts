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
