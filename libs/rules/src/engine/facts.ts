import type { FilesystemUsage, HotplugEvent, Metrics, ProcessConfig, ProcessMetrics, Report, Runtime, RuntimeKind } from '@memfleet/contracts';
import { parseCpuList } from '@memfleet/contracts';

/** One earlier sample of the host, as history-aware rules see it. */
export interface HistorySample {
  sequence: number;
  collectedAt: string;
  cpuOnline: string | null;
  metrics: Metrics;
}

export interface ProcessFacts {
  subject: string;
  config: ProcessConfig;
  metrics: ProcessMetrics | null;
  /** The systemd unit that runs it, when known (from its cgroup, or declaredBy names a .service); for rendering commands. */
  systemdUnit: string | null;
  /** The process's runtime entry of a kind, if it has one. */
  runtime(kind: RuntimeKind): Runtime | undefined;
}

/**
 * Everything a rule may read: typed, normalised facts of one report and the host's earlier samples, built once
 * and shared by every rule. A rule declares the keys it reads (`inputs`) and is handed only those.
 */
export interface Facts {
  /** When the agent collected this report (ISO 8601). */
  collectedAt: string;
  /** The report's per-process metrics as sent, including subjects absent from the configuration. */
  processMetrics: readonly ProcessMetrics[];
  /** Earlier samples of the host, oldest first (bounded window); empty for a host's first report. */
  history: readonly HistorySample[];
  memTotalBytes: number | null;
  swapTotalBytes: number | null;
  commitLimitBytes: number | null;
  committedAsBytes: number | null;
  overcommitMemory: 0 | 1 | 2 | null;
  maxMapCount: number | null;
  thpEnabled: 'always' | 'madvise' | 'never' | null;
  cpuPossible: number[] | null;
  cpuPresent: number[] | null;
  cpuOnline: number[] | null;
  onlineCount: number | null;
  userVaBits: number | null;
  qemuEmulated: boolean | null;
  kvmAccelerated: boolean | null;
  hostMemoryMaxBytes: number | null;
  hotplugEvents: readonly HotplugEvent[];
  hotplugWindow: { start: number | null; end: number | null } | null;
  bootId: string | null;
  bootTimeEpochSeconds: number | null;
  capabilities: ReadonlySet<string>;
  processes: readonly ProcessFacts[];
  filesystems: ReadonlyMap<string, FilesystemUsage>;
  /** Processes that carry a runtime of this kind (running, configured or declared). */
  withRuntime(kind: RuntimeKind): ProcessFacts[];
}

/** A fact a rule can declare as an input. */
export type FactKey = keyof Facts;

/** The facts a rule sees: exactly the keys it declared. */
export type FactsOf<K extends readonly FactKey[]> = Pick<Facts, K[number]>;

const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

export function buildFacts(report: Report, history: readonly HistorySample[] = []): Facts {
  const c = report.configuration;
  const m = report.metrics;
  const metricsBySubject = new Map<string, ProcessMetrics>();
  for (const pm of m.processes) metricsBySubject.set(pm.subject, pm);
  const processes: ProcessFacts[] = c.processes.map((p) => ({
    subject: p.subject,
    config: p,
    metrics: metricsBySubject.get(p.subject) ?? null,
    systemdUnit: p.systemdUnit ?? (p.declaredBy?.endsWith('.service') ? p.declaredBy.slice(p.declaredBy.lastIndexOf('/') + 1) : null),
    runtime: (kind: RuntimeKind) => p.runtimes.find((r) => r.kind === kind),
  }));
  const byKind = new Map<string, ProcessFacts[]>();
  for (const p of processes) {
    for (const r of p.config.runtimes) {
      const list = byKind.get(r.kind) ?? [];
      if (!list.includes(p)) list.push(p);
      byKind.set(r.kind, list);
    }
  }
  const online = parseCpuList(c.cpu.online);
  const hp = m.cpuHotplug ?? null;
  return {
    collectedAt: report.collectedAt,
    processMetrics: m.processes,
    history,
    memTotalBytes: n(c.memory.memTotalBytes),
    swapTotalBytes: n(c.memory.swapTotalBytes),
    commitLimitBytes: n(m.commitLimitBytes),
    committedAsBytes: n(m.committedAsBytes),
    overcommitMemory: n(c.vm.overcommitMemory),
    maxMapCount: n(c.vm.maxMapCount),
    thpEnabled: n(c.thp.enabled),
    cpuPossible: parseCpuList(c.cpu.possible),
    cpuPresent: parseCpuList(c.cpu.present),
    cpuOnline: online,
    onlineCount: n(c.cpu.onlineCount) ?? online?.length ?? null,
    userVaBits: n(c.cpu.userVirtualAddressBits) ?? (c.cpu.virtualAddressBits ? c.cpu.virtualAddressBits - 1 : null),
    qemuEmulated: n(c.virtualization.qemuEmulated),
    kvmAccelerated: n(c.virtualization.kvmAccelerated),
    hostMemoryMaxBytes: n(c.cgroup?.memoryMaxBytes),
    hotplugEvents: hp?.events ?? [],
    hotplugWindow: hp ? { start: n(hp.windowStartSecondsSinceBoot), end: n(hp.windowEndSecondsSinceBoot) } : null,
    bootId: n(c.host.bootId),
    bootTimeEpochSeconds: n(c.host.bootTimeEpochSeconds),
    capabilities: new Set(report.agent.capabilities),
    processes,
    filesystems: new Map(m.filesystems.map((f) => [f.mountPoint, f])),
    withRuntime: (kind) => byKind.get(kind) ?? [],
  };
}
