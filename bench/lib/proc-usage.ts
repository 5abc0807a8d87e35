// CPU seconds and RSS of processes from /proc (Linux), to turn a run into per-report costs: the API and
// worker processes by pid, PostgreSQL by the backends serving one database (their process title names it).
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLK_TCK = 100;

/** utime + stime of a process in seconds; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Resident set size in bytes; 0 once the process is gone. */
export function rssBytesOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** PostgreSQL backends connected to `database` ("postgres: 15/main: user db 127.0.0.1(port) idle"), pid → CPU seconds. */
export function postgresBackends(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.split(' ').includes(database)) out.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU seconds the database's backends spent between two snapshots. A backend that exited in between
 * loses its last share; PostgreSQL's shared background processes (WAL writer, checkpointer, autovacuum
 * launcher) are not counted: they serve every database of the cluster.
 */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** CPU ms per report of each side of a run: the API and worker processes, the database's backends, and this load generator. */
export interface CpuSplit {
  api: number;
  worker: number;
  postgres: number;
  loadGenerator: number;
}

/** Starts counting CPU of the given processes, the database's backends and this process; `per(n)` divides what they used since by n. */
export function cpuSplitFrom(pids: { apis: number[]; workers: number[] }, database: string): { per(reports: number): CpuSplit } {
  const sum = (list: number[]) => list.reduce((total, pid) => total + cpuSecondsOf(pid), 0);
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const before = { api: sum(pids.apis), worker: sum(pids.workers), pg: postgresBackends(database), self: own() };
  return {
    per: (reports) => {
      const ms = (seconds: number) => (seconds * 1000) / Math.max(1, reports);
      return {
        api: ms(sum(pids.apis) - before.api),
        worker: ms(sum(pids.workers) - before.worker),
        postgres: ms(postgresCpuBetween(before.pg, postgresBackends(database))),
        loadGenerator: ms(own() - before.self),
      };
    },
  };
}

export const cpuSplitText = (c: CpuSplit): string =>
  `API ${c.api.toFixed(2)} ms, worker ${c.worker.toFixed(2)} ms, PostgreSQL backends ${c.postgres.toFixed(2)} ms, load generator ${c.loadGenerator.toFixed(2)} ms`;
