import fs from 'node:fs';
import path from 'node:path';

export interface SpoolEntry {
  sequence: number;
  idempotencyKey: string;
  file: string;
  bytes: number;
}

export interface SpoolCounters {
  dropped: number;
  rejected: number;
}

export interface SpoolLimits {
  maxReports: number;
  maxBytes: number;
}

const NAME = /^(\d{16})\.([A-Za-z0-9_.:-]{1,128})\.json\.gz$/;

/** Writes a file so that a crash leaves either the old or the new content. */
export function writeAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    if (typeof data === 'string') fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * Bounded on-disk queue of gzipped reports, in sequence order. A report is written here before it is sent and
 * removed only once the server said it is stored (or refused it for good); when full the oldest is dropped and counted.
 */
export class Spool {
  private readonly dir: string;
  private readonly countersFile: string;

  constructor(
    stateDir: string,
    private readonly limits: SpoolLimits = { maxReports: 500, maxBytes: 64 * 1024 * 1024 },
  ) {
    this.dir = path.join(stateDir, 'spool');
    this.countersFile = path.join(stateDir, 'spool-counters.json');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  list(): SpoolEntry[] {
    const out: SpoolEntry[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const m = NAME.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      out.push({ sequence: Number(m[1]), idempotencyKey: m[2], file, bytes: fs.statSync(file).size });
    }
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  add(sequence: number, idempotencyKey: string, gz: Buffer): void {
    writeAtomic(path.join(this.dir, `${String(sequence).padStart(16, '0')}.${idempotencyKey}.json.gz`), gz);
    this.enforce();
  }

  read(entry: SpoolEntry): Buffer {
    return fs.readFileSync(entry.file);
  }

  remove(entry: SpoolEntry): void {
    fs.rmSync(entry.file, { force: true });
  }

  counters(): SpoolCounters {
    try {
      return { dropped: 0, rejected: 0, ...(JSON.parse(fs.readFileSync(this.countersFile, 'utf8')) as Partial<SpoolCounters>) };
    } catch {
      return { dropped: 0, rejected: 0 };
    }
  }

  count(kind: keyof SpoolCounters, n = 1): void {
    const c = this.counters();
    c[kind] += n;
    writeAtomic(this.countersFile, JSON.stringify(c));
  }

  /** Drops the oldest reports beyond the limits; returns how many. */
  private enforce(): number {
    const entries = this.list();
    let total = entries.reduce((s, e) => s + e.bytes, 0);
    let dropped = 0;
    // the newest report always stays, even when it alone exceeds the byte limit
    while (entries.length > 1 && (entries.length > this.limits.maxReports || total > this.limits.maxBytes)) {
      const oldest = entries.shift() as SpoolEntry;
      this.remove(oldest);
      total -= oldest.bytes;
      dropped++;
    }
    if (dropped) this.count('dropped', dropped);
    return dropped;
  }

  highestSequence(): number {
    const l = this.list();
    return l.length ? l[l.length - 1].sequence : 0;
  }
}

/** Per-host sequence that strictly increases across restarts: persisted before use. */
export function nextSequence(stateDir: string, floor: number): number {
  const file = path.join(stateDir, 'sequence');
  let last = 0;
  try {
    last = Number(fs.readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    last = 0;
  }
  const next = Math.max(last, floor) + 1;
  writeAtomic(file, `${next}\n`);
  return next;
}
