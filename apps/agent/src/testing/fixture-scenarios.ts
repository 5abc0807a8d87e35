import { LIBC, X86_CPUINFO, mapsFor, statfsTmpfs, type FixtureHost } from './fixture-tree';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const kB = (bytes: number) => Math.round(bytes / 1024);

const ENVOY_BUILD = (version: string) => `\0\0envoy\0a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/${version}/Clean/RELEASE/BoringSSL\0`;

/** An Envoy bootstrap with n Wasm plugins (distinct vm_id and code) and an admin listener. */
export function envoyConfig(plugins: number): string {
  const filters = Array.from(
    { length: plugins },
    (_, i) => `          - name: envoy.filters.http.wasm
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
              config:
                name: plugin-${i}
                vm_config:
                  vm_id: plugin-${i}
                  runtime: envoy.wasm.runtime.v8
                  code:
                    local:
                      filename: /etc/envoy/wasm/plugin-${i}.wasm`,
  ).join('\n');
  return `admin:
  address:
    socket_address: { address: 127.0.0.1, port_value: 15000 }
static_resources:
  listeners:
  - name: http
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          http_filters:
${filters}
          - name: envoy.filters.http.router
`;
}

/** Every fixture host tree: one per failure pattern of the knowledge brief plus healthy baselines. */
export const SCENARIOS: Record<string, FixtureHost> = {
  // A KVM cloud VM whose DMI says QEMU: not emulated. Healthy Redis, Spin ≥ 2.6 and a glibc service.
  'healthy-kvm-qemu': {
    hostname: 'healthy-1',
    dmi: { vendor: 'QEMU', product: 'Standard PC (Q35 + ICH9, 2009)', uuid: '1F2E3D4C-0000-4000-8000-00000000AAAA' },
    cpuinfo: X86_CPUINFO(8),
    overcommit: [1, 50, 0],
    maxMapCount: 262144,
    processes: [
      {
        pid: 1200,
        comm: 'redis-server',
        exe: '/usr/bin/redis-server',
        argv: ['/usr/bin/redis-server 127.0.0.1:6379'],
        rssKb: 200 * 1024,
        startTicks: 2000,
        binary: '\0Redis server v=7.2.4 sha=00000000\0jemalloc-5.3.0\0je_malloc_conf\0',
        maps: mapsFor('/usr/bin/redis-server', [LIBC]),
      },
      {
        pid: 1300,
        comm: 'spin',
        exe: '/usr/local/bin/spin',
        argv: ['spin', 'up', '--from', '/srv/app/spin.toml', '--password=hunter2'],
        env: { SPIN_WASMTIME_POOLING: '1', HOME: '/root', DB_PASSWORD: 'secret' },
        rssKb: 120 * 1024,
        startTicks: 3000,
        binary: '\0spin 3.1.2 (abc1234 2025-01-10)\0',
      },
      { pid: 1400, comm: 'node', exe: '/usr/bin/node', argv: ['node', 'server.js', '--token', 'abc'], rssKb: 900 * 1024, startTicks: 4000 },
    ],
  },
  // Spin 2.5 on a 1 GiB arm64 guest under QEMU TCG (no KVM signs), 39-bit VA from the kernel config.
  'spin-qemu-lowmem': {
    hostname: 'spin-arm-1',
    arch: 'aarch64',
    kernel: '6.1.0-arm64',
    meminfo: {
      MemTotal: kB(1 * GiB),
      MemFree: kB(600 * MiB),
      MemAvailable: kB(700 * MiB),
      SwapTotal: 0,
      CommitLimit: kB(512 * MiB),
      Committed_AS: kB(300 * MiB),
    },
    cpus: { possible: '0-1', present: '0-1', online: '0-1' },
    cpuinfo:
      'processor\t: 0\nBogoMIPS\t: 125.00\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd07\n\nprocessor\t: 1\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd07\n',
    dmi: { vendor: 'QEMU', product: 'QEMU Virtual Machine' },
    clocksource: 'arch_sys_counter',
    availableClocksource: 'arch_sys_counter',
    kmsg: [
      [0, 'Linux version 6.1.0-arm64'],
      [0.1, 'psci: probing for conduit method from DT.'],
    ],
    files: {
      'boot/config-6.1.0-arm64': 'CONFIG_ARM64=y\nCONFIG_ARM64_VA_BITS_39=y\nCONFIG_ARM64_VA_BITS=39\n',
      'proc/sys/fs/binfmt_misc/qemu-x86_64': 'enabled\ninterpreter /usr/bin/qemu-x86_64-static\n',
    },
    processes: [
      {
        pid: 800,
        comm: 'spin',
        exe: '/usr/local/bin/spin',
        argv: ['spin', 'up', '--listen', '0.0.0.0:3000'],
        env: { SPIN_WASMTIME_TOTAL_STACKS: '1000' },
        rssKb: 40 * 1024,
        startTicks: 1500,
        binary: '\0spin 2.5.0 (8d4334e 2024-05-01)\0',
        maps: 'aaaab0000000-aaaab0100000 r-xp 00000000 08:01 1 /usr/local/bin/spin\nffff80000000-ffff80100000 r-xp 00000000 08:01 2 /usr/lib/aarch64-linux-gnu/libc.so.6\n7fffff000000-7fffff021000 rw-p 00000000 00:00 0 [stack]\n',
      },
    ],
  },
  // Higress all-in-one before aio-v2.1.4 on 255 cores: no --concurrency, 9 Wasm plugins; a crashed unit too.
  'envoy-wasm-explosion': {
    hostname: 'gw-255',
    cpus: { possible: '0-254', present: '0-254', online: '0-254' },
    cpuinfo: X86_CPUINFO(4, 'AMD EPYC 9754 128-Core Processor'),
    meminfo: { MemTotal: kB(512 * GiB), MemAvailable: kB(400 * GiB), CommitLimit: kB(256 * GiB), Committed_AS: kB(20 * GiB) },
    processes: [
      {
        pid: 4100,
        comm: 'envoy',
        exe: '/usr/local/bin/envoy',
        argv: ['/usr/local/bin/envoy', '-c', '/etc/envoy/envoy.yaml', '--log-level', 'info'],
        rssKb: 3 * 1024 * 1024,
        threads: 260,
        startTicks: 5000,
        cpusAllowed: '0-254',
        cgroup: '0::/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        binary: ENVOY_BUILD('1.27.3') + '\0tcmalloc::CpuCache\0',
        maps: mapsFor('/usr/local/bin/envoy', [LIBC]),
        rootFiles: { 'etc/envoy/envoy.yaml': envoyConfig(9), 'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' },
      },
    ],
    files: {
      'etc/systemd/system/edge-envoy.service':
        '[Unit]\nDescription=Edge Envoy\n[Service]\nEnvironment=GATEWAY_CONCURRENCY=64 SECRET_TOKEN=x\nExecStart=/opt/edge/bin/envoy -c /etc/edge/envoy.yaml --concurrency 64\n',
      'etc/systemd/system/sshd.service': '[Service]\nExecStart=/usr/sbin/sshd -D\n',
      'etc/edge/envoy.yaml': envoyConfig(2),
    },
  },
  // Envoy 1.25.9 (Google TCMalloc 59400332) started at 100 s; CPU 6 hot-added at 5000 s; possible > online.
  'tcmalloc-hotplug': {
    hostname: 'gw-hotplug',
    cpus: { possible: '0-15', present: '0-6', online: '0-6' },
    cpuinfo: X86_CPUINFO(7),
    kmsg: [
      [0, 'Linux version 6.1.0-26-amd64'],
      [0.01, 'Hypervisor detected: KVM'],
      [0.02, 'smpboot: Allowing 16 CPUs, 10 hotplug CPUs'],
      [0.3, 'smpboot: Booting Node 0 Processor 1 APIC 0x1'],
      [5000.5, 'CPU6 has been hot-added'],
      [5000.6, 'smpboot: Booting Node 0 Processor 6 APIC 0x6'],
    ],
    uptime: 9000,
    processes: [
      {
        pid: 2100,
        comm: 'envoy',
        exe: '/usr/local/bin/envoy',
        argv: ['envoy', '-c', '/etc/envoy/envoy.yaml', '--concurrency', '4'],
        rssKb: 500 * 1024,
        startTicks: 10000,
        cpusAllowed: '0-5',
        binary: ENVOY_BUILD('1.25.9') + 'tcmalloc::cpu_cache TCMALLOC_PER_CPU',
      },
    ],
    files: { 'etc/envoy/envoy.yaml': envoyConfig(0) },
  },
  // Aeron media driver in a container: /dev/shm of 64 MiB (Docker default) nearly full, reserved blocks; a client whose aeron.dir is missing.
  'aeron-shm': {
    hostname: 'aeron-1',
    statfs: {
      '/dev/shm': statfsTmpfs(8 * GiB),
      '/run': statfsTmpfs(1600 * MiB),
      '/proc/3100/root/dev/shm/aeron-trader': {
        bsize: 4096,
        blocks: (64 * MiB) / 4096,
        bfree: (40 * MiB) / 4096,
        bavail: (20 * MiB) / 4096,
        files: 16384,
        ffree: 16000,
      },
    },
    processes: [
      {
        pid: 3100,
        comm: 'java',
        exe: '/usr/lib/jvm/java-17/bin/java',
        argv: [
          'java',
          '-Daeron.dir=/dev/shm/aeron-trader',
          '-Daeron.term.buffer.length=16m',
          '-Daeron.ipc.term.buffer.length=64m',
          '-cp',
          '/app/aeron-all.jar',
          'io.aeron.driver.MediaDriver',
        ],
        env: { JAVA_HOME: '/usr/lib/jvm/java-17' },
        rssKb: 300 * 1024,
        startTicks: 4000,
        cgroup: '0::/system.slice/docker-aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999.scope',
        rootFiles: {
          'usr/lib/jvm/java-17/release': 'JAVA_VERSION="17.0.9"\n',
          'dev/shm/aeron-trader/cnc.dat': 'x',
          'dev/shm/aeron-trader/publications/1-2.logbuffer': 'x'.repeat(1000),
          'dev/shm/aeron-trader/images/3-4.logbuffer': 'x'.repeat(500),
        },
      },
      {
        pid: 3200,
        comm: 'aeron-client',
        exe: '/opt/app/bin/md-client',
        argv: ['/opt/app/bin/md-client', '--channel', 'aeron:udp?endpoint=10.0.0.1:40123|term-length=128m'],
        env: { AERON_DIR: '/dev/shm/aeron-missing' },
        rssKb: 50 * 1024,
        startTicks: 4100,
      },
    ],
  },
  // skynet with per-VM Lua allocators: resident 2.3× allocated (declared); a Redis in a pod, declared; glibc arena bloat.
  'allocator-fragmentation': {
    hostname: 'game-1',
    processes: [
      {
        pid: 5100,
        comm: 'skynet',
        exe: '/opt/game/skynet',
        argv: ['/opt/game/skynet', '/opt/game/config.lua'],
        rssKb: 700 * 1024,
        startTicks: 3000,
        binary: '\0Lua 5.4.6  Copyright (C) 1994-2023 Lua.org\0',
        maps: mapsFor('/opt/game/skynet', ['/opt/game/libjemalloc.so.2', LIBC]),
      },
      {
        pid: 5200,
        comm: 'worker',
        exe: '/opt/svc/worker',
        argv: ['/opt/svc/worker', '--threads=64'],
        rssKb: 4 * 1024 * 1024,
        threads: 64,
        startTicks: 3500,
        maps: mapsFor('/opt/svc/worker', [LIBC], 40),
      },
    ],
    files: {
      'etc/memfleet/runtimes.d/game.json': JSON.stringify(
        {
          runtimes: [
            {
              name: 'skynet-main',
              kind: 'skynet',
              match: { exe: 'skynet' },
              allocatorStats: { allocatedBytes: 300 * MiB, residentBytes: 700 * MiB, allocatorName: 'lalloc' },
            },
            {
              name: 'session-redis',
              kind: 'redis',
              version: '6.2.14',
              allocator: 'jemalloc',
              allocatorStats: { allocatedBytes: 2 * GiB, residentBytes: 3 * GiB + 512 * MiB, allocatorName: 'jemalloc-5.1.0' },
            },
            { name: 'broken', kind: 'nginx' },
          ],
        },
        null,
        2,
      ),
    },
  },
  // Redis with overcommit 0 and THP always; Elasticsearch under the map-count minimum; JDK 8u181 in a 2 GiB cgroup.
  'jvm-redis-es': {
    hostname: 'data-1',
    thp: ['always', 'always'],
    overcommit: [0, 50, 0],
    maxMapCount: 65530,
    cgroupRoot: { 'kubepods/pod1/jvm/memory.max': `${2 * GiB}\n`, 'kubepods/pod1/jvm/memory.high': 'max\n', 'kubepods/pod1/jvm/cpu.max': '200000 100000\n' },
    processes: [
      {
        pid: 6100,
        comm: 'redis-server',
        exe: '/usr/bin/redis-server',
        argv: ['/usr/bin/redis-server *:6380'],
        rssKb: 1024 * 1024,
        startTicks: 2000,
        binary: '\0Redis server v=5.0.7 sha=00000000\0jemalloc\0',
      },
      {
        pid: 6200,
        comm: 'java',
        exe: '/usr/share/elasticsearch/jdk/bin/java',
        argv: [
          '/usr/share/elasticsearch/jdk/bin/java',
          '-Xms4g',
          '-Xmx4g',
          '-Des.path.home=/usr/share/elasticsearch',
          'org.elasticsearch.bootstrap.Elasticsearch',
        ],
        env: { ES_JAVA_OPTS: '-Xmx4g' },
        rssKb: 4 * 1024 * 1024,
        startTicks: 2500,
      },
      {
        pid: 6300,
        comm: 'java',
        exe: '/usr/lib/jvm/jdk8/bin/java',
        argv: ['java', '-jar', '/app/legacy.jar'],
        env: { JAVA_HOME: '/usr/lib/jvm/jdk8', JAVA_TOOL_OPTIONS: '-Dfoo=1' },
        rssKb: 1500 * 1024,
        startTicks: 2600,
        cgroup: '0::/kubepods/pod1/jvm',
      },
    ],
    files: {
      'usr/lib/jvm/jdk8/release': 'JAVA_VERSION="1.8.0_181"\nIMPLEMENTOR="Oracle Corporation"\n',
      'usr/share/elasticsearch/jdk/release': 'JAVA_VERSION="21.0.2"\n',
    },
  },
};
