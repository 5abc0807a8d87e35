// A sizing on paper from measured per-report costs: processes, PostgreSQL cores, RAM and disk per day for a
// fleet at a 5-minute interval. The assumptions are printed with it.

export interface PerReportCost {
  /** CPU seconds per report in API processes, worker processes and the database's PostgreSQL backends. */
  apiCpuSeconds: number;
  workerCpuSeconds: number;
  postgresCpuSeconds: number;
  /** Database growth per stored report (tables, indexes, TOAST; not WAL). */
  diskBytes: number;
  apiRssBytes: number;
  workerRssBytes: number;
}

export interface SizingRow {
  hosts: number;
  reportsPerSecond: number;
  apiProcesses: number;
  workerProcesses: number;
  postgresCores: number;
  /** API and worker processes only; PostgreSQL's own memory is sized separately (see assumptions). */
  appRamGiB: number;
  diskGiBPerDay: number;
}

export const SIZING_ASSUMPTIONS = [
  'every host reports every 5 minutes (288 reports a day), in the mix the benchmark ran (1 in 10 with a changed configuration)',
  'each process (one Node thread) and each PostgreSQL core is planned at 70% busy, leaving headroom for bursts and restarts',
  'CPU per report is what the API processes, the worker processes and the database backends used during the mixed run and its drain, divided by the reports it settled',
  "PostgreSQL's shared background work (WAL writer, checkpointer, autovacuum) is not in its per-report CPU",
  "disk per day is the database's growth per report × 288 × hosts, before retention drops old partitions; WAL and backups are extra",
  "RAM counts the API and worker processes at their measured RSS; PostgreSQL needs its own (shared_buffers holding the hosts' state and the current day's partitions)",
];

const UTILISATION = 0.7;
const REPORTS_PER_DAY = 288;

export function sizing(cost: PerReportCost, fleets = [100_000, 1_000_000, 10_000_000]): SizingRow[] {
  return fleets.map((hosts) => {
    const rate = hosts / 300;
    const apiProcesses = Math.max(1, Math.ceil((rate * cost.apiCpuSeconds) / UTILISATION));
    const workerProcesses = Math.max(1, Math.ceil((rate * cost.workerCpuSeconds) / UTILISATION));
    return {
      hosts,
      reportsPerSecond: Math.round(rate),
      apiProcesses,
      workerProcesses,
      postgresCores: Math.max(1, Math.ceil((rate * cost.postgresCpuSeconds) / UTILISATION)),
      appRamGiB: Math.round(((apiProcesses * cost.apiRssBytes + workerProcesses * cost.workerRssBytes) / 1024 ** 3) * 10) / 10,
      diskGiBPerDay: Math.round(((hosts * REPORTS_PER_DAY * cost.diskBytes) / 1024 ** 3) * 10) / 10,
    };
  });
}

/** The table as README markdown. */
export function sizingTable(rows: SizingRow[]): string[] {
  return [
    '| Hosts | Reports/s | API processes | Worker processes | PostgreSQL cores | RAM (API + workers) | Disk per day |',
    '| ----- | --------- | ------------- | ---------------- | ---------------- | ------------------- | ------------ |',
    ...rows.map(
      (r) =>
        `| ${r.hosts.toLocaleString('en')} | ${r.reportsPerSecond.toLocaleString('en')} | ${r.apiProcesses} | ${r.workerProcesses} | ${r.postgresCores} | ${r.appRamGiB} GiB | ${r.diskGiBPerDay} GiB |`,
    ),
  ];
}
