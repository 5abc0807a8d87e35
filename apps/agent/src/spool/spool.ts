import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface SpoolEntry {
  sequence: number;
  idempotencyKey: string;
  /** The hash of its configuration, kept apart in spool-configs/; null for a whole report spooled by an older agent. */
  configurationHash: string | null;
  file: string;
  bytes: number;
}

/** A report in schema version 3's shape as the spool takes it (whole) and gives it back. */
export interface SpooledReport {
  configurationHash: string;
  configuration?: unknown;
  [field: string]: unknown;
}

export interface SpoolCounters {
  dropped: number;
  rejected: number;
}

export interface SpoolLimits {
  maxReports: number;
  maxBytes: number;
}

// <sequence>.<Idempotency-Key>[.<configuration hash>].json.gz; names without a hash hold a whole report
const NAME = /^(\d{16})\.([A-Za-z0-9_.:-]{1,128}?)(?:\.([0-9a-f]{64}))?\.json\.gz$/;
const CONFIG_NAME = /^([0-9a-f]{64})\.json\.gz$/;

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
 * Each report is kept without its configuration; the configuration is kept once per hash in spool-configs/, for as
 * long as a spooled report names it, so any spooled report can still be sent whole (a server that lost the hash).
 */
export class Spool {
  private readonly dir: string;
  private readonly configsDir: string;
  private readonly countersFile: string;

  constructor(
    stateDir: string,
    private readonly limits: SpoolLimits = { maxReports: 500, maxBytes: 64 * 1024 * 1024 },
  ) {
    this.dir = path.join(stateDir, 'spool');
    this.configsDir = path.join(stateDir, 'spool-configs');
    this.countersFile = path.join(stateDir, 'spool-counters.json');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.configsDir, { recursive: true, mode: 0o700 });
  }

  list(): SpoolEntry[] {
    const out: SpoolEntry[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const m = NAME.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      out.push({ sequence: Number(m[1]), idempotencyKey: m[2], configurationHash: m[3] ?? null, file, bytes: fs.statSync(file).size });
    }
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  /** Spools a whole report: its configuration goes to spool-configs/ (once per hash), the rest to the queue. */
  add(sequence: number, idempotencyKey: string, report: SpooledReport): void {
    const { configuration, ...rest } = report;
    const hash = report.configurationHash;
    const config = this.configFile(hash);
    // the configuration first: a crash in between leaves an unreferenced one, never a report without its configuration
    if (!fs.existsSync(config)) writeAtomic(config, zlib.gzipSync(JSON.stringify(configuration ?? null)));
    writeAtomic(path.join(this.dir, `${String(sequence).padStart(16, '0')}.${idempotencyKey}.${hash}.json.gz`), zlib.gzipSync(JSON.stringify(rest)));
    this.enforce();
  }

  /**
   * The gzipped body to post for an entry: metrics only, or whole (`withConfiguration`). Null when the whole
   * report was asked for and its configuration is not in the spool (a damaged state directory).
   */
  read(entry: SpoolEntry, withConfiguration: boolean): Buffer | null {
    const gz = fs.readFileSync(entry.file);
    if (!withConfiguration || entry.configurationHash === null) return gz;
    let configuration: unknown;
    try {
      configuration = JSON.parse(zlib.gunzipSync(fs.readFileSync(this.configFile(entry.configurationHash))).toString('utf8'));
    } catch {
      return null;
    }
    if (configuration === null) return null;
    const rest = JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as Record<string, unknown>;
    return zlib.gzipSync(JSON.stringify({ ...rest, configuration }));
  }

  remove(entry: SpoolEntry): void {
    fs.rmSync(entry.file, { force: true });
    this.collectConfigurations();
  }

  /** Hashes whose configuration the spool holds. */
  configurations(): string[] {
    return fs
      .readdirSync(this.configsDir)
      .map((n) => CONFIG_NAME.exec(n)?.[1])
      .filter((h): h is string => h !== undefined)
      .sort();
  }

  /** Removes the configurations no spooled report names any more. */
  private collectConfigurations(): void {
    const named = new Set(this.list().map((e) => e.configurationHash));
    for (const hash of this.configurations()) if (!named.has(hash)) fs.rmSync(this.configFile(hash), { force: true });
  }

  private configFile(hash: string): string {
    return path.join(this.configsDir, `${hash}.json.gz`);
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
      fs.rmSync(oldest.file, { force: true });
      total -= oldest.bytes;
      dropped++;
    }
    if (dropped) {
      this.collectConfigurations();
      this.count('dropped', dropped);
    }
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
