import fs from 'node:fs';
import path from 'node:path';
import type { CollectionError } from '@memfleet/contracts';

/** statfs numbers as Node exposes them. Node gives f_bsize but not f_frsize; on Linux tmpfs/ext4/xfs they are equal. */
export interface StatfsNumbers {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

export type StatfsSource = (absolutePath: string, hostPath: string) => StatfsNumbers;

const realStatfs: StatfsSource = (absolutePath) => {
  const s = fs.statfsSync(absolutePath);
  return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree };
};

/**
 * Offline/test hook: a fixture tree cannot fake statfs, so under --root a `statfs.json` at the tree's top
 * (host path → numbers) answers instead of the kernel. Absent paths fail like a missing mount.
 */
function fixtureStatfs(root: string): StatfsSource | null {
  const file = path.join(root, 'statfs.json');
  if (root === '/' || !fs.existsSync(file)) return null;
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StatfsNumbers>;
  return (_abs, hostPath) => {
    const hit = table[hostPath];
    if (!hit) throw Object.assign(new Error(`ENOENT: no such file or directory, statfs '${hostPath}'`), { code: 'ENOENT' });
    return hit;
  };
}

/** Reads host paths under a root (like node_exporter's rootfs) and records what could not be read. */
export class HostFs {
  readonly root: string;
  readonly errors: CollectionError[] = [];
  private readonly statfsSource: StatfsSource;

  constructor(root = '/', statfs?: StatfsSource) {
    this.root = path.resolve(root);
    this.statfsSource = statfs ?? fixtureStatfs(this.root) ?? realStatfs;
  }

  get isHostRoot(): boolean {
    return this.root === '/';
  }

  /** Absolute path on this machine for a host path. */
  abs(hostPath: string): string {
    return this.root === '/' ? hostPath : path.join(this.root, hostPath);
  }

  error(source: string, err: unknown, fact?: string): void {
    const message = err instanceof Error ? err.message.replace(this.root === '/' ? /$^/ : this.root, '') : String(err);
    this.errors.push({ source, ...(fact ? { fact } : {}), error: message.slice(0, 500) });
  }

  /** File text, or null and an error entry. */
  read(hostPath: string, fact?: string): string | null {
    try {
      return fs.readFileSync(this.abs(hostPath), 'utf8');
    } catch (err) {
      this.error(hostPath, err, fact);
      return null;
    }
  }

  /** File text, or null without an error (for optional sources). */
  tryRead(hostPath: string): string | null {
    try {
      return fs.readFileSync(this.abs(hostPath), 'utf8');
    } catch {
      return null;
    }
  }

  readBuffer(hostPath: string): Buffer | null {
    try {
      return fs.readFileSync(this.abs(hostPath));
    } catch {
      return null;
    }
  }

  trimmed(hostPath: string, fact?: string): string | null {
    const t = this.read(hostPath, fact);
    return t === null ? null : t.trim();
  }

  exists(hostPath: string): boolean {
    return fs.existsSync(this.abs(hostPath));
  }

  readdir(hostPath: string): string[] | null {
    try {
      return fs.readdirSync(this.abs(hostPath));
    } catch {
      return null;
    }
  }

  readlink(hostPath: string): string | null {
    try {
      return fs.readlinkSync(this.abs(hostPath));
    } catch {
      return null;
    }
  }

  /**
   * Follows symlinks the way the kernel would inside `within` (a process's root such as /proc/<pid>/root, or '' for the
   * host root): absolute targets stay under the root, so a fixture tree never resolves onto this machine's files.
   * Returns the resolved path inside that root, or null when a component is missing or the links loop.
   */
  realpath(hostPath: string, within = ''): string | null {
    if (!hostPath.startsWith('/')) return null;
    let rest = hostPath.split('/').filter(Boolean);
    let done: string[] = [];
    for (let hops = 0; rest.length > 0;) {
      const part = rest.shift() as string;
      if (part === '.') continue;
      if (part === '..') {
        done.pop();
        continue;
      }
      const here = `/${[...done, part].join('/')}`;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(this.abs(`${within}${here}`));
      } catch {
        return null;
      }
      if (!st.isSymbolicLink()) {
        done.push(part);
        continue;
      }
      if (++hops > 40) return null;
      const target = fs.readlinkSync(this.abs(`${within}${here}`));
      if (target.startsWith('/')) done = [];
      rest = [...target.split('/').filter(Boolean), ...rest];
    }
    return `/${done.join('/')}`;
  }

  fileSize(hostPath: string): number | null {
    try {
      return fs.statSync(this.abs(hostPath)).size;
    } catch {
      return null;
    }
  }

  statfs(hostPath: string): StatfsNumbers {
    return this.statfsSource(this.abs(hostPath), hostPath);
  }
}
