import { gzipSync } from 'node:zlib';
import { sampleReport, toReportV3, withProcess, type Report } from '@memfleet/contracts';

const GiB = 1024 ** 3;

/**
 * RSS in MiB: a steady size per process that moves a few MiB between samples; one host in 50 has a
 * process that leaks (8 MiB per 5-minute sample), so memory-growth findings are the exception, as in a fleet.
 */
function rssMiB(host: number, p: number, sequence: number): number {
  const steady = 200 + ((host * 31 + p * 17) % 800) + (((sequence * 7 + p * 13) % 7) - 3);
  return host % 50 === 0 && p === 2 ? steady + 8 * sequence : steady;
}

/** A realistic host report: top 50 processes by RSS (as the agent sends), a few runtimes; fewer processes make a smaller report. */
export function hostReport(host: number, sequence: number, configVariant: number, processes = 50): Report {
  const machineId = host.toString(16).padStart(32, '0');
  const r = sampleReport({ machineId, sequence, hostname: `node-${host}.fleet.example` });
  r.labels = { env: host % 3 === 0 ? 'prod' : 'staging', team: `team-${host % 12}`, zone: `zone-${host % 4}` };
  r.configuration.memory.memTotalBytes = (8 + (host % 8) * 8) * GiB;
  r.configuration.vm.overcommitMemory = host % 2 === 0 ? 0 : 1;
  for (let p = 0; p < processes; p++) {
    const kind = p === 0 && host % 5 === 0 ? 'redis' : p === 1 && host % 7 === 0 ? 'envoy' : null;
    withProcess(
      r,
      {
        subject: `${kind ?? 'proc'}:/usr/bin/svc-${p}|`,
        exe: `/usr/bin/svc-${p}`,
        cmdline: `/usr/bin/svc-${p} --config /etc/svc-${p}/config.yaml --port ${8000 + p} --log-level info --variant ${configVariant}`,
        allocator: p % 3 === 0 ? 'jemalloc' : 'glibc',
        env: { MALLOC_ARENA_MAX: p % 4 === 0 ? '2' : '8', JAVA_HOME: '/usr/lib/jvm/java-17' },
        runtimes:
          kind === 'redis'
            ? [{ kind: 'redis', version: '7.0.15' }]
            : kind === 'envoy'
              ? [{ kind: 'envoy', version: '1.31.2', envoy: { concurrencyFlag: 8, cpusetThreads: false, wasmPluginCount: 3 } }]
              : [],
      },
      { rssBytes: rssMiB(host, p, sequence) * 1024 * 1024, threads: 4 + (p % 16), arena64MiBCount: p % 5 },
    );
  }
  r.metrics.memAvailableBytes = (4 + (sequence % 4)) * GiB;
  r.metrics.committedAsBytes = (3 + (sequence % 3)) * GiB;
  r.metrics.uptimeSeconds = 86_400 + sequence * 300;
  r.collectedAt = new Date(Date.UTC(2026, 10, 1) + sequence * 300_000).toISOString();
  return r;
}

export function gzipReport(r: Report): Buffer {
  return gzipSync(JSON.stringify(r));
}

/**
 * What an agent sends for a report: `full` carries the configuration (first report, or a changed one);
 * `unchanged` is a report whose configuration the server already holds for this host.
 */
export type BodyMode = 'full' | 'unchanged';

/**
 * The one place that decides the bytes of a report on the wire, gzip-compressed as the agent sends it:
 * schema version 3, `full` with its configuration beside the hash, `unchanged` metrics only.
 */
export function reportBody(r: Report, mode: BodyMode): Buffer {
  return gzipSync(JSON.stringify(toReportV3(r, mode === 'full')));
}

/** The report as the agent would send it without its configuration: the size a metrics-only report has. */
export function withoutConfiguration(r: Report): Omit<Report, 'configuration'> {
  const { configuration: _configuration, ...rest } = r;
  return rest;
}
