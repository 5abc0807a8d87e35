// The server side of a benchmark run: N API processes and M worker processes, real processes as in
// production, sharing one database and one queue prefix. The load generator spreads requests across
// the API ports round-robin.
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../../test/helpers/processes';

export interface Fleet {
  apis: RunningApi[];
  workers: RunningProcess[];
  /** One base URL per API process, in start order. */
  urls: URL[];
  stop(): Promise<void>;
}

export interface FleetOptions {
  apis: number;
  workers: number;
  env: Record<string, string>;
  workerEnv?: Record<string, string>;
  nodeArgs?: string[];
}

export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const nodeArgs = o.nodeArgs ?? [];
  // The first API migrates the database; the others then start side by side.
  const apis = [await startApi(o.env, 60_000, nodeArgs)];
  apis.push(...(await Promise.all(Array.from({ length: o.apis - 1 }, () => startApi(o.env, 60_000, nodeArgs)))));
  const workers = Array.from({ length: o.workers }, () => startProcess(WORKER_MAIN, { ...o.env, ...o.workerEnv }, nodeArgs));
  let stopped: Promise<void> | undefined;
  return {
    apis,
    workers,
    urls: apis.map((a) => new URL(a.url)),
    stop: () => (stopped ??= Promise.all([...apis, ...workers].map((p) => p.stop())).then(() => undefined)),
  };
}

/** `--apis 2 --workers 1,2` (also `--apis=2`): each value a count or a comma-separated list of counts to run in turn. */
export function countsArg(argv: string[], name: string, fallback: number): number[] {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return [fallback];
  const raw = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  const counts = (raw ?? '').split(',').map(Number);
  if (!raw || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) {
    throw new Error(`--${name} takes a count from 1 to 16, or a comma-separated list of counts (got ${JSON.stringify(raw ?? '')})`);
  }
  return counts;
}
