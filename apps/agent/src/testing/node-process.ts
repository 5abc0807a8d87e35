import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';

/** A port free on loopback right now, for an API a spec starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface NodeProcess {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they arrived. */
  output: () => string;
  stdout: () => string;
  /** The exit code, or the signal name when a signal ended it. */
  exited: Promise<number | string | null>;
}

/** Runs a built entry point (API or agent) with only PATH, HOME and the given environment. */
export function startNode(main: string, args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, stdout: () => stdout, exited: new Promise((r) => child.on('exit', (code, sig) => r(code ?? sig))) };
}

/** SIGTERM, then SIGKILL after 15 s; resolves with how it ended. */
export async function stopNode(p: NodeProcess): Promise<number | string | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  const code = await p.exited;
  clearTimeout(t);
  return code;
}

/** The built API on `port` with `env` (embedded storage unless it names a database), once /readyz answers 200. */
export async function startApiNode(main: string, port: number, env: Record<string, string>): Promise<NodeProcess> {
  const api = startNode(main, [], { PORT: String(port), ...env });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`API exited:\n${api.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return api;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopNode(api);
  throw new Error(`API not ready:\n${api.output()}`);
}
