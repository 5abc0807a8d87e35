import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Repository root, from either the source tree or dist/. */
export const REPO_ROOT = path.resolve(
  __dirname.includes(`${path.sep}dist${path.sep}`) ? __dirname.split(`${path.sep}dist${path.sep}`)[0] : path.join(__dirname, '../..'),
);
export const API_MAIN = path.join(REPO_ROOT, 'dist/apps/api/src/main.js');
export const WORKER_MAIN = path.join(REPO_ROOT, 'dist/apps/worker/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Tests and benchmarks post far more than one agent's or one person's traffic from one token: their
 * processes get rate limits out of the way unless a test sets them (the rate-limit specs do).
 */
export const UNLIMITED_RATES = {
  MEMFLEET_RATE_REPORTS_PER_MINUTE: '1000000',
  MEMFLEET_RATE_API_PER_MINUTE: '1000000',
  MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE: '1000000',
};

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code, or the signal name when the process ended by a signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export function startProcess(main: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...UNLIMITED_RATES, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.on('exit', (code, sig) => r(code ?? sig)));
  return {
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface RunningApi extends RunningProcess {
  url: string;
}

/** Starts the real API process and waits until /readyz answers. */
export async function startApi(env: Record<string, string | undefined>, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<RunningApi> {
  // A test that must know the URL before the start (a redirect URL in the environment) passes PORT.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = startProcess(API_MAIN, { ...env, PORT: String(port) }, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`API exited with ${proc.child.exitCode}:\n${proc.output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { ...proc, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop('SIGKILL');
  throw new Error(`API did not become ready within ${timeoutMs} ms:\n${proc.output()}`);
}
