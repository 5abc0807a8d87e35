import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

/** A PostgreSQL cluster of the test's own, on a spare port: it can be stopped and killed without touching the shared one. */
export interface OwnPostgres {
  url: string;
  /** Starts (or restarts) the server on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** `fast`: SIGINT to the postmaster (sessions are terminated, 57P01). `crash`: SIGKILL to its whole process group. */
  stop(mode: 'fast' | 'crash'): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres'))) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** initdb and postgres refuse to run as root: then they run as the postgres system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function createOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  const user = runAs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-pg-'));
  const data = path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  fs.mkdirSync(socketDir);
  if (user) for (const p of [root, socketDir]) fs.chownSync(p, user.uid, user.gid);
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    stdio: 'pipe',
    ...user,
  });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | null = null;
  let log = '';

  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

  const api: OwnPostgres = {
    url,
    async start() {
      // fsync off: only the process is ever killed, never the machine, so the OS still holds every committed write.
      server = spawn(
        path.join(bin, 'postgres'),
        ['-D', data, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'],
        { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...user },
      );
      server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
      server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log}`);
        const c = new Client({ connectionString: url });
        c.on('error', () => undefined);
        try {
          await c.connect();
          await c.end();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error(`postgres did not accept connections within 30 s:\n${log}`);
    },
    async stop(mode) {
      const child = server;
      if (!child?.pid) return;
      server = null;
      if (mode === 'fast') child.kill('SIGINT');
      else process.kill(-child.pid, 'SIGKILL'); // the postmaster and its backends: a crash, nothing shut down cleanly
      await exited(child);
      if (mode === 'crash') await waitForGroupGone(child.pid);
    },
    async destroy() {
      await api.stop('fast');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  await api.start();
  return api;
}

/** Backends of a killed postmaster must be gone before a new one can take the data directory. */
async function waitForGroupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
