import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './spool';

interface Held {
  server: string;
  hash: string;
}

/**
 * The configuration hash the server's last 2xx answer said it holds for this host
 * (`<state-dir>/configuration-held.json`). Kept across restarts so a restarted agent does not send a
 * configuration the server has; kept per server, so another server gets the whole report first.
 */
export class HeldConfiguration {
  private readonly file: string;
  private held: Held | null;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'configuration-held.json');
    this.held = read(this.file);
  }

  /** The hash `server` holds, or null when it is not known to hold any. */
  hashAt(server: string): string | null {
    return this.held?.server === server ? this.held.hash : null;
  }

  /** What the server answered; a 2xx without a hash (an older server) holds nothing we can leave out. */
  set(server: string, hash: string | null): void {
    const next = hash ? { server, hash } : null;
    if (next?.hash === this.held?.hash && next?.server === this.held?.server) return;
    this.held = next;
    if (next) writeAtomic(this.file, `${JSON.stringify(next)}\n`);
    else fs.rmSync(this.file, { force: true });
  }
}

function read(file: string): Held | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Held>;
    return typeof v.server === 'string' && typeof v.hash === 'string' && /^[0-9a-f]{64}$/.test(v.hash) ? { server: v.server, hash: v.hash } : null;
  } catch {
    // missing or damaged: the next report goes whole
    return null;
  }
}
