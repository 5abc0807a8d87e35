import type { Allocator, ProcessConfig, ProcessMetrics, Runtime, RuntimeKind } from '@memfleet/contracts';
import { basename } from './argv';
import type { HostFs } from './host-fs';
import type { CollectedEntry } from './subject-parts';

export const DECLARATIONS_DIR = '/etc/memfleet/runtimes.d';

/** One entry of a runtimes.d file; see apps/agent/README.md "Declarations". */
export interface Declaration {
  name?: string;
  kind: RuntimeKind;
  match?: { exe?: string; cmdlineContains?: string };
  version?: string;
  allocator?: Allocator;
  envoy?: { wasmPluginCount?: number; tcmallocBuild?: 'google' | 'gperftools'; higressImageTag?: string; concurrencyFlag?: number };
  allocatorStats?: { allocatedBytes: number; residentBytes: number; allocatorName?: string };
}

const KINDS: readonly string[] = ['spin', 'wasmtime', 'envoy', 'aeron', 'redis', 'mongodb', 'elasticsearch', 'jvm', 'skynet', 'lua'];
const ALLOCATORS: readonly string[] = ['glibc', 'jemalloc', 'tcmalloc-gperftools', 'tcmalloc-google', 'mimalloc', 'static/unknown'];
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Returns the problem with an entry, or null when it is usable. */
export function checkDeclaration(d: Declaration): string | null {
  if (!d || typeof d !== 'object') return 'entry is not an object';
  if (!KINDS.includes(d.kind)) return `kind must be one of ${KINDS.join(', ')}`;
  if (d.allocator !== undefined && !ALLOCATORS.includes(d.allocator)) return `allocator must be one of ${ALLOCATORS.join(', ')}`;
  if (d.version !== undefined && (typeof d.version !== 'string' || d.version.length > 64)) return 'version must be a string';
  const s = d.allocatorStats;
  if (s !== undefined && (!isCount(s.allocatedBytes) || !isCount(s.residentBytes))) return 'allocatorStats needs allocatedBytes and residentBytes (bytes)';
  if (d.envoy?.wasmPluginCount !== undefined && !isCount(d.envoy.wasmPluginCount)) return 'envoy.wasmPluginCount must be a count';
  return null;
}

export function readDeclarations(fs: HostFs): Array<{ file: string; decl: Declaration }> {
  const out: Array<{ file: string; decl: Declaration }> = [];
  for (const name of (fs.readdir(DECLARATIONS_DIR) ?? []).filter((n) => n.endsWith('.json')).sort()) {
    const file = `${DECLARATIONS_DIR}/${name}`;
    const text = fs.read(file, 'declarations');
    if (text === null) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      fs.error(file, err, 'declarations');
      continue;
    }
    const list = Array.isArray((parsed as { runtimes?: unknown }).runtimes) ? (parsed as { runtimes: Declaration[] }).runtimes : [parsed as Declaration];
    list.forEach((decl, i) => {
      const problem = checkDeclaration(decl);
      if (problem) fs.error(`${file}#${i}`, problem, 'declarations');
      else out.push({ file, decl });
    });
  }
  return out;
}

function matches(decl: Declaration, p: ProcessConfig): boolean {
  if (!decl.match) return false;
  const { exe, cmdlineContains } = decl.match;
  if (exe && basename(p.exe) !== exe && p.exe !== exe) return false;
  if (cmdlineContains && !(p.cmdline ?? '').includes(cmdlineContains)) return false;
  return Boolean(exe || cmdlineContains);
}

function applyRuntime(rt: Runtime, decl: Declaration): void {
  if (decl.version) Object.assign(rt, { version: decl.version, versionSource: 'declared' });
  if (decl.envoy && rt.envoy) {
    const e = decl.envoy;
    if (e.wasmPluginCount !== undefined) Object.assign(rt.envoy, { wasmPluginCount: e.wasmPluginCount, wasmPluginSource: 'declared' });
    if (e.tcmallocBuild) rt.envoy.tcmallocBuild = e.tcmallocBuild;
    if (e.higressImageTag) rt.envoy.higressImageTag = e.higressImageTag;
    if (e.concurrencyFlag !== undefined) rt.envoy.concurrencyFlag = e.concurrencyFlag;
  }
}

function emptyRuntime(decl: Declaration): Runtime {
  const rt: Runtime = { kind: decl.kind, version: null, versionSource: null };
  if (decl.kind === 'envoy') {
    rt.envoy = {
      concurrencyFlag: null,
      cpusetThreads: false,
      gatewayConcurrencyEnv: null,
      configPath: null,
      wasmPluginCount: null,
      wasmPluginSource: null,
      tcmallocBuild: null,
      higressImageTag: null,
    };
  }
  return rt;
}

/** Completes matching processes; a declaration that matches none becomes a "declared" process of its own. */
export function applyDeclarations(
  decls: Array<{ file: string; decl: Declaration }>,
  procs: ReadonlyArray<{ config: ProcessConfig; metrics: ProcessMetrics }>,
): CollectedEntry[] {
  const added: CollectedEntry[] = [];
  for (const [i, { file, decl }] of decls.entries()) {
    const hits = procs.filter((p) => matches(decl, p.config));
    for (const p of hits) {
      let rt = p.config.runtimes.find((r) => r.kind === decl.kind);
      if (!rt) p.config.runtimes.push((rt = emptyRuntime(decl)));
      applyRuntime(rt, decl);
      if (decl.allocator) p.config.allocator = decl.allocator;
      if (decl.allocatorStats)
        p.metrics.allocatorStats = { ...decl.allocatorStats, allocatorName: decl.allocatorStats.allocatorName ?? null, source: 'declared' };
      p.config.declaredBy = file;
    }
    if (hits.length > 0) continue;
    const subject = `${decl.kind}:declared:${decl.name ?? basename(file)}`;
    const rt = emptyRuntime(decl);
    applyRuntime(rt, decl);
    added.push({
      config: {
        subject,
        state: 'declared',
        exe: null,
        cmdline: null,
        containerId: null,
        cpusAllowedList: null,
        cpusAllowedCount: null,
        allocator: decl.allocator ?? null,
        declaredBy: file,
        env: {},
        runtimes: [rt],
      },
      metrics: {
        subject,
        rssBytes: null,
        threads: null,
        arena64MiBCount: null,
        allocatorStats: decl.allocatorStats ? { ...decl.allocatorStats, allocatorName: decl.allocatorStats.allocatorName ?? null, source: 'declared' } : null,
        aeronDir: null,
        envoyAdmin: null,
      },
      naming: { base: subject.slice(0, 500), port: null, arg: null, unit: null, stableKey: `${file}#${i}`, startTime: null, pid: null },
    });
  }
  return added;
}
