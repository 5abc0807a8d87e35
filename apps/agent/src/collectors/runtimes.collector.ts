import type { Runtime, RuntimeKind } from '@memfleet/contracts';
import { basename, intOrNull, optionValue, parseSize, sysProp } from './argv';
import { readEnvoyConfig } from './envoy-config';
import type { HostFs } from './host-fs';

/** Everything runtime builders read about one process; paths are host paths already resolved into its root. */
export interface RuntimeInput {
  pid: number;
  argv: readonly string[];
  env: Record<string, string>;
  exe: string | null;
  uid: number | null;
  /** Host path prefix of the process's own root ('' when it shares the host's). */
  procRoot: string;
  version: string | null;
  googleTcmalloc: boolean;
  gperftools: boolean;
}

/** Side facts some builders find that belong to the metrics half or to probes. */
export interface RuntimeExtras {
  envoyConfigPath?: string;
  envoyAdminPort?: number;
  redisPort?: number;
  aeronDir?: string;
}

const JAVA_OPTION_ENV = ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS', 'ES_JAVA_OPTS'];

function spin(input: RuntimeInput): NonNullable<Runtime['spin']> {
  const e = input.env;
  return {
    disablePoolingFlag: input.argv.includes('--disable-pooling'),
    poolingEnv: e.SPIN_WASMTIME_POOLING ?? null,
    maxInstanceCount: intOrNull(e.SPIN_MAX_INSTANCE_COUNT),
    totalMemories: intOrNull(e.SPIN_WASMTIME_TOTAL_MEMORIES),
    totalStacks: intOrNull(e.SPIN_WASMTIME_TOTAL_STACKS),
    instanceCount: intOrNull(e.SPIN_WASMTIME_INSTANCE_COUNT),
    wasmtimePoolingFlag: null,
  };
}

/** wasmtime CLI: "-O pooling-allocator[=y|n]" or "-Opooling-allocator…". */
export function wasmtimePooling(argv: readonly string[]): boolean | null {
  let result: boolean | null = null;
  argv.forEach((a, i) => {
    const opt = a === '-O' || a === '--optimize' ? (argv[i + 1] ?? '') : a.startsWith('-O') ? a.slice(2) : '';
    for (const part of opt.split(',')) {
      const m = /^pooling-allocator(?:=(\w+))?$/.exec(part.trim());
      if (m) result = m[1] === undefined || /^(y|yes|true|on|1)$/i.test(m[1]);
    }
  });
  return result;
}

function envoy(fs: HostFs, input: RuntimeInput, extras: RuntimeExtras): Runtime['envoy'] {
  const configPath = optionValue(input.argv, '-c', '--config-path');
  let plugins: number | null = null;
  if (configPath) {
    const file = `${input.procRoot}${configPath.startsWith('/') ? configPath : `/${configPath}`}`;
    const fact = `envoy(${input.pid}).wasmPluginCount`;
    const text = fs.read(file, fact);
    const config = text === null ? null : readEnvoyConfig(text, configPath);
    if (config?.ok) {
      plugins = config.wasmPluginCount;
      extras.envoyAdminPort = config.adminPort ?? undefined;
    } else if (config) fs.error(file, `Envoy config ${config.error}`, fact);
    extras.envoyConfigPath = configPath;
  }
  return {
    concurrencyFlag: intOrNull(optionValue(input.argv, '--concurrency')),
    cpusetThreads: input.argv.includes('--cpuset-threads'),
    gatewayConcurrencyEnv: intOrNull(input.env.GATEWAY_CONCURRENCY),
    configPath,
    wasmPluginCount: plugins,
    wasmPluginSource: plugins === null ? null : 'config',
    tcmallocBuild: input.gperftools ? 'gperftools' : input.googleTcmalloc ? 'google' : null,
    higressImageTag: null,
  };
}

function aeronUser(fs: HostFs, input: RuntimeInput): string {
  if (input.uid === null) return 'root';
  const passwd = fs.tryRead(`${input.procRoot}/etc/passwd`) ?? '';
  const line = passwd.split('\n').find((l) => l.split(':')[2] === String(input.uid));
  return line ? line.split(':')[0] : input.uid === 0 ? 'root' : String(input.uid);
}

// Effective values: upstream defaults fill what is not configured (Aeron Configuration / aeron_driver_context.c).
const AERON_DEFAULTS = { term: 16 * 1024 * 1024, ipc: 64 * 1024 * 1024, page: 4096, low: 160 * 1024 * 1024 };

function aeron(fs: HostFs, input: RuntimeInput, extras: RuntimeExtras): Runtime['aeron'] {
  const { argv, env } = input;
  const prop = (name: string, envName: string) => sysProp(argv, name) ?? env[envName] ?? null;
  const name = basename(input.exe);
  const driver = name === 'aeronmd' || argv.some((a) => /io\.aeron\.driver\.MediaDriver|MediaDriver$/.test(a));
  const dir = prop('aeron.dir', 'AERON_DIR') ?? `/dev/shm/aeron-${aeronUser(fs, input)}`;
  extras.aeronDir = dir;
  const uriTerms = [...argv.join(' ').matchAll(/aeron:(?:udp|ipc)\?[^\s"']*?\bterm-length=(\d+[kmg]?)/gi)]
    .map((m) => parseSize(m[1]))
    .filter((n): n is number => n !== null)
    .slice(0, 64);
  const checks = prop('aeron.perform.storage.checks', 'AERON_PERFORM_STORAGE_CHECKS');
  return {
    role: driver ? 'driver' : 'client',
    dir,
    termBufferLengthBytes: parseSize(prop('aeron.term.buffer.length', 'AERON_TERM_BUFFER_LENGTH')) ?? AERON_DEFAULTS.term,
    ipcTermBufferLengthBytes: parseSize(prop('aeron.ipc.term.buffer.length', 'AERON_IPC_TERM_BUFFER_LENGTH')) ?? AERON_DEFAULTS.ipc,
    uriTermLengthsBytes: uriTerms,
    filePageSizeBytes: parseSize(prop('aeron.file.page.size', 'AERON_FILE_PAGE_SIZE')) ?? AERON_DEFAULTS.page,
    lowStorageWarningThresholdBytes: parseSize(prop('aeron.low.file.store.warning.threshold', 'AERON_LOW_FILE_STORE_WARNING_THRESHOLD')) ?? AERON_DEFAULTS.low,
    performStorageChecks: checks === null ? true : !/^(false|0|no)$/i.test(checks),
  };
}

function jvm(fs: HostFs, input: RuntimeInput): { jvm: Runtime['jvm']; version: string | null } {
  const opts = [...input.argv, ...JAVA_OPTION_ENV.flatMap((k) => (input.env[k] ?? '').split(/\s+/).filter(Boolean))];
  const exe = input.exe ?? '';
  const javaHome = input.env.JAVA_HOME ?? (/\/bin\/java$/.test(exe) ? exe.replace(/\/bin\/java$/, '').replace(/\/jre$/, '') : null);
  let version: string | null = null;
  if (javaHome) {
    const release = fs.tryRead(`${input.procRoot}${javaHome}/release`) ?? fs.tryRead(`${input.procRoot}${javaHome}/jre/release`);
    version = release ? (/^JAVA_VERSION="?([^"\n]+)"?/m.exec(release)?.[1] ?? null) : null;
    if (release === null) fs.error(`${javaHome}/release`, 'JDK release file not readable', `jvm(${input.pid}).javaVersion`);
  }
  let maxHeap: number | null = null;
  let pct: number | null = null;
  let ucs: boolean | null = null;
  for (const o of opts) {
    let m: RegExpExecArray | null;
    if ((m = /^-Xmx(\d+[kmgt]?)$/i.exec(o)) || (m = /^-XX:MaxHeapSize=(\d+[kmgt]?)$/i.exec(o))) maxHeap = parseSize(m[1]);
    else if ((m = /^-XX:MaxRAMPercentage=([\d.]+)$/.exec(o))) pct = Number(m[1]);
    else if ((m = /^-XX:([+-])UseContainerSupport$/.exec(o))) ucs = m[1] === '+';
  }
  return { jvm: { javaVersion: version, javaHome, maxHeapBytes: maxHeap, maxRamPercentage: pct, useContainerSupport: ucs }, version };
}

/** Builds the runtime entries for the detected kinds. */
export function buildRuntimes(fs: HostFs, kinds: readonly RuntimeKind[], input: RuntimeInput, extras: RuntimeExtras): Runtime[] {
  const out: Runtime[] = [];
  const fromBinary = { version: input.version, versionSource: input.version === null ? null : ('binary' as const) };
  for (const kind of kinds) {
    switch (kind) {
      case 'spin':
        out.push({ kind, ...fromBinary, spin: spin(input) });
        break;
      case 'wasmtime':
        out.push({ kind, ...fromBinary, spin: { ...spin(input), wasmtimePoolingFlag: wasmtimePooling(input.argv) } });
        break;
      case 'envoy':
        out.push({ kind, ...fromBinary, envoy: envoy(fs, input, extras) });
        break;
      case 'aeron':
        out.push({ kind, ...(basename(input.exe) === 'aeronmd' ? fromBinary : { version: null, versionSource: null }), aeron: aeron(fs, input, extras) });
        break;
      case 'redis': {
        const title = input.argv.join(' ');
        extras.redisPort = intOrNull(optionValue(input.argv, '--port')) ?? intOrNull(/:(\d+)\s*$/.exec(title.split(/\s+/).slice(0, 2).join(' '))?.[1]) ?? 6379;
        out.push({ kind, ...fromBinary });
        break;
      }
      case 'mongodb':
      case 'skynet':
      case 'lua':
        out.push({ kind, ...fromBinary });
        break;
      case 'elasticsearch':
        out.push({ kind, version: null, versionSource: null });
        break;
      case 'jvm': {
        const j = jvm(fs, input);
        out.push({ kind, version: j.version, versionSource: j.version === null ? null : 'release-file', jvm: j.jvm });
        break;
      }
      default:
        break;
    }
  }
  return out.slice(0, 8);
}
