import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { GiB, MiB } from '../engine/units';

export interface GenerateOptions {
  /** A different configuration than the host's usual one (a changed setting). */
  changed?: boolean;
  sequence?: number;
}

const HYPERVISORS = ['kvm', 'kvm', 'kvm', 'none', 'vmware', 'xen', 'qemu-tcg'] as const;
const THP = ['madvise', 'madvise', 'always', 'never'] as const;
const CORES = [2, 4, 8, 8, 16, 16, 32, 64, 96, 255];

/**
 * A deterministic, realistic host report for host number `i`: a mix of hypervisors, core counts,
 * THP and overcommit modes, and some hosts running Envoy with Wasm plugins, Redis, Spin, Aeron,
 * a JVM, Elasticsearch or a skynet server, plus ordinary processes (the agent's top 50 by RSS).
 */
export function generateReport(i: number, opts: GenerateOptions = {}): Report {
  const seq = opts.sequence ?? 1;
  const machineId = (i + 1).toString(16).padStart(32, '0');
  const r = sampleReport({ machineId, sequence: seq, hostname: `node-${String(i).padStart(6, '0')}.${['fra', 'iad', 'sin', 'gru'][i % 4]}.example.net` });
  const cores = CORES[i % CORES.length];
  const c = r.configuration;
  r.labels = { env: i % 5 === 0 ? 'staging' : 'prod', region: ['eu-central', 'us-east', 'ap-southeast', 'sa-east'][i % 4], team: `team-${i % 9}` };
  r.collectedAt = new Date(Date.UTC(2026, 10, 1) + seq * 300_000).toISOString();
  c.cpu = {
    ...c.cpu,
    possible: `0-${cores - 1}`,
    present: `0-${cores - 1}`,
    online: `0-${cores - 1}`,
    possibleCount: cores,
    presentCount: cores,
    onlineCount: cores,
  };
  if (i % 23 === 0) c.cpu = { ...c.cpu, possible: `0-${cores * 2 - 1}`, possibleCount: cores * 2 }; // hot-add capable
  const hv = HYPERVISORS[i % HYPERVISORS.length];
  c.virtualization = {
    ...c.virtualization,
    hypervisor: hv,
    qemuEmulated: hv === 'qemu-tcg',
    kvmAccelerated: hv === 'kvm',
    hypervisorFlag: hv !== 'none',
    sysVendor: hv === 'vmware' ? 'VMware, Inc.' : hv === 'xen' ? 'Xen' : hv === 'none' ? 'Dell Inc.' : 'QEMU',
    clocksource: hv === 'kvm' ? 'kvm-clock' : 'tsc',
  };
  c.memory.memTotalBytes = (i % 31 === 0 ? 1 : Math.min(512, cores * 4)) * GiB;
  c.thp.enabled = opts.changed ? 'never' : THP[i % THP.length];
  c.vm.overcommitMemory = ([0, 0, 1, 2] as const)[i % 4];
  c.vm.maxMapCount = i % 3 === 0 ? 262144 : 65530;
  if (i % 6 === 0) c.host.architecture = 'aarch64';
  r.metrics.memAvailableBytes = Math.round((c.memory.memTotalBytes ?? 0) * (0.3 + (seq % 5) / 10));
  r.metrics.commitLimitBytes = Math.round((c.memory.memTotalBytes ?? 0) / 2);
  r.metrics.committedAsBytes = Math.round((c.memory.memTotalBytes ?? 0) * 0.4);

  if (i % 7 === 0) {
    withProcess(
      r,
      {
        subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/envoy.yaml',
        exe: '/usr/local/bin/envoy',
        cmdline: `/usr/local/bin/envoy -c /etc/envoy/envoy.yaml${i % 3 === 0 ? ' --concurrency 8' : ''}`,
        allocator: 'tcmalloc-google',
        runtimes: [
          {
            kind: 'envoy',
            version: i % 3 ? '1.31.2' : '1.25.9',
            envoy: { concurrencyFlag: i % 3 === 0 ? 8 : null, cpusetThreads: false, wasmPluginCount: i % 10, configPath: '/etc/envoy/envoy.yaml' },
          },
        ],
      },
      { rssBytes: (300 + (i % 200)) * MiB },
    );
  }
  if (i % 5 === 0) {
    withProcess(
      r,
      {
        subject: 'redis:/usr/bin/redis-server|:6379',
        exe: '/usr/bin/redis-server',
        cmdline: '/usr/bin/redis-server 127.0.0.1:6379',
        allocator: 'jemalloc',
        runtimes: [{ kind: 'redis', version: '7.2.4' }],
      },
      {
        rssBytes: (400 + (i % 900) + seq) * MiB,
        allocatorStats: {
          allocatedBytes: (300 + (i % 500)) * MiB,
          residentBytes: (400 + (i % 900) + seq) * MiB,
          source: 'redis-info',
          allocatorName: 'jemalloc-5.3.0',
        },
      },
    );
  }
  if (i % 11 === 0) {
    withProcess(r, {
      subject: 'spin:/usr/local/bin/spin|/srv/app/spin.toml',
      exe: '/usr/local/bin/spin',
      cmdline: 'spin up -f /srv/app/spin.toml',
      runtimes: [{ kind: 'spin', version: i % 2 ? '2.5.1' : '3.1.0', spin: { disablePoolingFlag: false, poolingEnv: null } }],
    });
  }
  if (i % 13 === 0) {
    withProcess(
      r,
      {
        subject: 'aeron:/usr/bin/aeronmd|/dev/shm/aeron',
        exe: '/usr/bin/aeronmd',
        runtimes: [{ kind: 'aeron', version: '1.44.1', aeron: { role: 'driver', dir: '/dev/shm/aeron', termBufferLengthBytes: 16 * MiB } }],
      },
      {
        aeronDir: {
          resolvedPath: '/dev/shm/aeron',
          exists: true,
          readable: true,
          logBufferCount: 4,
          logBufferBytes: 4 * 50_335_744,
          usage: {
            mountPoint: '/dev/shm',
            blockSizeBytes: 4096,
            totalBytes: 8 * GiB,
            freeBytes: 6 * GiB,
            availableBytes: 6 * GiB,
            inodesTotal: 1_000_000,
            inodesFree: 999_000,
          },
        },
      },
    );
  }
  if (i % 9 === 0) {
    withProcess(r, {
      subject: 'jvm:/usr/lib/jvm/java-8/bin/java|app.jar',
      exe: '/usr/lib/jvm/java-8/bin/java',
      cmdline: 'java -jar /srv/app.jar',
      cgroup: { version: 2, path: '/kubepods/pod1', memoryMaxBytes: 2 * GiB, memoryHighBytes: null, cpuLimitCores: 2 },
      runtimes: [
        {
          kind: 'jvm',
          version: i % 2 ? '1.8.0_181' : '17.0.9',
          jvm: { javaVersion: i % 2 ? '1.8.0_181' : '17.0.9', javaHome: '/usr/lib/jvm/java', maxHeapBytes: null },
        },
      ],
    });
  }
  if (i % 17 === 0) {
    withProcess(r, {
      subject: 'elasticsearch:/usr/share/elasticsearch/jdk/bin/java',
      exe: '/usr/share/elasticsearch/jdk/bin/java',
      runtimes: [
        { kind: 'elasticsearch', version: '8.11.1' },
        { kind: 'jvm', version: '21.0.1' },
      ],
    });
  }
  if (i % 19 === 0) {
    withProcess(
      r,
      {
        subject: 'skynet:/opt/game/skynet|config.lua',
        exe: '/opt/game/skynet',
        allocator: 'static/unknown',
        runtimes: [
          { kind: 'skynet', version: null },
          { kind: 'lua', version: '5.4' },
        ],
      },
      {
        rssBytes: 2 * GiB,
        allocatorStats: { allocatedBytes: GiB + (i % 500) * MiB, residentBytes: 2 * GiB, source: 'declared', allocatorName: 'per-VM pools' },
      },
    );
  }
  // The rest of the agent's top 50 by RSS: ordinary services.
  const ordinary = 50 - r.configuration.processes.length;
  for (let p = 0; p < ordinary; p++) {
    withProcess(
      r,
      {
        subject: `proc:/usr/bin/svc-${p}`,
        exe: `/usr/bin/svc-${p}`,
        cmdline: `/usr/bin/svc-${p} --port ${8000 + p}`,
        allocator: p % 4 === 0 ? 'jemalloc' : 'glibc',
        env: p % 5 === 0 ? { MALLOC_ARENA_MAX: '2' } : {},
      },
      {
        rssBytes: (50 + ((i * 31 + p * 17 + seq * 3) % 700)) * MiB,
        threads: 4 + (p % 32),
        arena64MiBCount: (p * 7 + i) % 97 === 0 ? 24 + (i % 16) : (p + i) % 6,
      },
    );
  }
  return r;
}
