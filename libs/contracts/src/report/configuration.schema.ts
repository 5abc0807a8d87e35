import { Type, type Static } from '@sinclair/typebox';
import { Bytes, Count, CpuList, Fact, Seconds, Text } from './schema-helpers';
import { MAX_REPORT_PROCESSES } from './limits';
import { RUNTIME_KINDS } from './runtime-kinds';

// Configuration facts: what rules compare. Content-hashed by the server; an unchanged hash means
// only the volatile metrics of a report are kept.

export const HostConfigSchema = Type.Object(
  {
    hostname: Text(253),
    kernelRelease: Fact(Text(128)),
    architecture: Fact(Text(32, 'uname machine, e.g. x86_64, aarch64')),
    bootId: Fact(Text(64)),
    bootTimeEpochSeconds: Fact(Seconds('btime from /proc/stat')),
    containerized: Fact(Type.Boolean({ description: 'The agent itself runs in a container (/.dockerenv or a container cgroup path).' })),
    addresses: Type.Optional(
      Type.Array(Text(45), {
        maxItems: 64,
        description: "IP addresses of the host's interfaces, sorted (loopback and IPv6 link-local left out); hosts search ip:.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const MemoryConfigSchema = Type.Object(
  {
    memTotalBytes: Fact(Bytes()),
    swapTotalBytes: Fact(Bytes()),
    hugePagesTotal: Fact(Count()),
    hugePageSizeBytes: Fact(Bytes()),
    pageSizeBytes: Fact(Bytes()),
  },
  { additionalProperties: false },
);

export const ThpModeSchema = Type.Union([Type.Literal('always'), Type.Literal('madvise'), Type.Literal('never')]);
export const ThpConfigSchema = Type.Object(
  {
    enabled: Fact(ThpModeSchema),
    defrag: Fact(Text(32, 'bracketed choice of /sys/kernel/mm/transparent_hugepage/defrag')),
  },
  { additionalProperties: false },
);

export const VmConfigSchema = Type.Object(
  {
    overcommitMemory: Fact(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)])),
    overcommitRatio: Fact(Count()),
    overcommitKbytes: Fact(Count()),
    maxMapCount: Fact(Count()),
  },
  { additionalProperties: false },
);

export const CpuConfigSchema = Type.Object(
  {
    possible: Fact(CpuList()),
    present: Fact(CpuList()),
    online: Fact(CpuList()),
    offline: Fact(CpuList()),
    possibleCount: Fact(Count()),
    presentCount: Fact(Count()),
    onlineCount: Fact(Count()),
    onlineHasGaps: Fact(Type.Boolean({ description: 'The online set is not one contiguous range starting at 0.' })),
    model: Fact(Text(256)),
    cgroupCpuLimitCores: Fact(Type.Number({ minimum: 0, maximum: 100000, description: 'cpu.max quota / period (or v1 CFS); null when unlimited or unknown.' })),
    virtualAddressBits: Fact(Type.Integer({ minimum: 0, maximum: 64, description: 'Total virtual address bits of the CPU/kernel.' })),
    userVirtualAddressBits: Fact(Type.Integer({ minimum: 0, maximum: 64, description: 'Bits of user-space virtual address space.' })),
    virtualAddressBitsSource: Fact(Type.Union([Type.Literal('cpuinfo'), Type.Literal('kernel-config'), Type.Literal('maps')])),
  },
  { additionalProperties: false },
);

export const VirtualizationSchema = Type.Object(
  {
    hypervisorFlag: Fact(Type.Boolean({ description: '"hypervisor" in /proc/cpuinfo flags.' })),
    sysVendor: Fact(Text(128)),
    productName: Fact(Text(128)),
    hypervisorType: Fact(Text(64, '/sys/hypervisor/type')),
    clocksource: Fact(Text(64)),
    kvmAccelerated: Fact(Type.Boolean({ description: 'KVM paravirt signs present (kvm-clock, KVM cpuid).' })),
    qemuEmulated: Fact(Type.Boolean({ description: 'QEMU full-system emulation (TCG): QEMU without KVM acceleration.' })),
    qemuUserBinfmt: Type.Optional(Type.Array(Text(64), { maxItems: 64, description: 'Registered qemu-* binfmt_misc handlers.' })),
    hypervisor: Fact(Text(64, 'Short name: kvm, qemu-tcg, vmware, xen, hyperv, none, …')),
  },
  { additionalProperties: false },
);

export const CgroupLimitsSchema = Type.Object(
  {
    version: Fact(Type.Union([Type.Literal(1), Type.Literal(2)])),
    path: Fact(Text(1024)),
    memoryMaxBytes: Fact(Bytes('memory.max / memory.limit_in_bytes; null when unlimited.')),
    memoryHighBytes: Fact(Bytes('memory.high; null when unlimited.')),
    cpuLimitCores: Fact(Type.Number({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const MountSchema = Type.Object(
  {
    mountPoint: Text(1024),
    fsType: Text(64),
    sizeOption: Fact(Text(64, 'The size= mount option as written, e.g. 64m.')),
  },
  { additionalProperties: false },
);

export const SpinRuntimeSchema = Type.Object(
  {
    disablePoolingFlag: Type.Boolean({ description: '--disable-pooling on the command line.' }),
    poolingEnv: Fact(Text(16, 'SPIN_WASMTIME_POOLING value.')),
    maxInstanceCount: Fact(Count('SPIN_MAX_INSTANCE_COUNT')),
    totalMemories: Fact(Count('SPIN_WASMTIME_TOTAL_MEMORIES')),
    totalStacks: Fact(Count('SPIN_WASMTIME_TOTAL_STACKS')),
    instanceCount: Fact(Count('SPIN_WASMTIME_INSTANCE_COUNT')),
    wasmtimePoolingFlag: Fact(Type.Boolean({ description: 'wasmtime CLI -O pooling-allocator=y|n.' })),
  },
  { additionalProperties: false },
);

export const EnvoyRuntimeSchema = Type.Object(
  {
    concurrencyFlag: Fact(Count('--concurrency')),
    cpusetThreads: Type.Boolean({ description: '--cpuset-threads on the command line.' }),
    gatewayConcurrencyEnv: Fact(Count('GATEWAY_CONCURRENCY')),
    configPath: Fact(Text(1024, 'Config named by -c.')),
    wasmPluginCount: Fact(Count('Distinct Wasm plugins (vm_id/code) in the config, or declared.')),
    wasmPluginSource: Fact(Type.Union([Type.Literal('config'), Type.Literal('declared'), Type.Literal('admin-stats')])),
    tcmallocBuild: Fact(
      Type.Union([Type.Literal('google'), Type.Literal('gperftools')], { description: 'Which tcmalloc the binary links (declared or detected).' }),
    ),
    higressImageTag: Fact(Text(128)),
  },
  { additionalProperties: false },
);

export const AeronRuntimeSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('driver'), Type.Literal('client')]),
    dir: Fact(Text(1024, 'aeron.dir as configured (process view).')),
    termBufferLengthBytes: Fact(Bytes()),
    ipcTermBufferLengthBytes: Fact(Bytes()),
    uriTermLengthsBytes: Type.Optional(Type.Array(Bytes(), { maxItems: 64 })),
    filePageSizeBytes: Fact(Bytes()),
    lowStorageWarningThresholdBytes: Fact(Bytes()),
    performStorageChecks: Fact(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const JvmRuntimeSchema = Type.Object(
  {
    javaVersion: Fact(Text(64, 'JAVA_VERSION from $JAVA_HOME/release.')),
    javaHome: Fact(Text(1024)),
    maxHeapBytes: Fact(Bytes('-Xmx / -XX:MaxHeapSize.')),
    maxRamPercentage: Fact(Type.Number({ minimum: 0, maximum: 100 })),
    useContainerSupport: Fact(Type.Boolean({ description: '-XX:±UseContainerSupport when given explicitly.' })),
  },
  { additionalProperties: false },
);

export const RuntimeKindSchema = Type.Union(RUNTIME_KINDS.map((k) => Type.Literal(k)));

export const RuntimeSchema = Type.Object(
  {
    kind: RuntimeKindSchema,
    version: Fact(Text(64)),
    versionSource: Fact(Type.Union([Type.Literal('binary'), Type.Literal('release-file'), Type.Literal('declared'), Type.Literal('info')])),
    spin: Type.Optional(SpinRuntimeSchema),
    envoy: Type.Optional(EnvoyRuntimeSchema),
    aeron: Type.Optional(AeronRuntimeSchema),
    jvm: Type.Optional(JvmRuntimeSchema),
  },
  { additionalProperties: false },
);

/** Allocators the agent tells apart. */
export const ALLOCATORS = ['glibc', 'jemalloc', 'tcmalloc-gperftools', 'tcmalloc-google', 'mimalloc', 'static/unknown'] as const;

export const AllocatorSchema = Type.Union(ALLOCATORS.map((k) => Type.Literal(k)));

export const ProcessConfigSchema = Type.Object(
  {
    subject: Text(
      512,
      'Stable process key: kind:exe (the name it was started by), @container, and for Envoy #config; processes sharing that are told apart by :port, #config file or main class, @systemd unit, else ~N (never by pid).',
    ),
    state: Type.Union([Type.Literal('running'), Type.Literal('configured'), Type.Literal('declared')], {
      description: 'running: seen in /proc; configured: a systemd unit names it but it is not running; declared: from runtimes.d.',
    }),
    exe: Fact(Text(1024)),
    cmdline: Fact(Text(4096, 'Redacted command line.')),
    containerId: Fact(Text(128)),
    systemdUnit: Fact(Text(256, 'The systemd unit the process runs in, from /proc/<pid>/cgroup (e.g. redis-server.service), or the unit that configures it.')),
    rlimitAsBytes: Fact(Bytes('RLIMIT_AS soft limit; null when unlimited; absent when the limit was not read.')),
    cgroup: Type.Optional(CgroupLimitsSchema),
    cpusAllowedList: Fact(CpuList()),
    cpusAllowedCount: Fact(Count()),
    allocator: Fact(AllocatorSchema),
    emulator: Fact(Text(64, 'qemu-user binary the process runs under (its exe is qemu-*), e.g. qemu-aarch64.')),
    declaredBy: Fact(Text(1024, 'The /etc/memfleet/runtimes.d file that declared or completed this process, or the systemd unit that configures it.')),
    env: Type.Optional(
      Type.Record(Type.String({ maxLength: 64, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Text(4096), {
        maxProperties: 64,
        additionalProperties: false,
        description: 'Allow-listed environment only.',
      }),
    ),
    runtimes: Type.Array(RuntimeSchema, { maxItems: 8 }),
  },
  { additionalProperties: false },
);

export const ConfigurationSchema = Type.Object(
  {
    host: HostConfigSchema,
    memory: MemoryConfigSchema,
    thp: ThpConfigSchema,
    vm: VmConfigSchema,
    cpu: CpuConfigSchema,
    virtualization: VirtualizationSchema,
    cgroup: Type.Optional(CgroupLimitsSchema),
    mounts: Type.Array(MountSchema, { maxItems: 256, description: '/dev/shm and every tmpfs mount (from /proc/1/mounts).' }),
    processes: Type.Array(ProcessConfigSchema, { maxItems: MAX_REPORT_PROCESSES }),
  },
  { additionalProperties: false },
);

export type Configuration = Static<typeof ConfigurationSchema>;
export type ProcessConfig = Static<typeof ProcessConfigSchema>;
export type Runtime = Static<typeof RuntimeSchema>;
export type RuntimeKind = Static<typeof RuntimeKindSchema>;
export type Allocator = Static<typeof AllocatorSchema>;
export type ThpMode = Static<typeof ThpModeSchema>;

/**
 * Schema version 1 kept a process's pid and start time in its configuration, so every restart stored a
 * new configuration; version 2 reports them with the process's metrics. Version 1 is still accepted
 * (see upgrade-report.ts).
 */
export const ProcessConfigSchemaV1 = Type.Object(
  {
    ...ProcessConfigSchema.properties,
    pid: Fact(Type.Integer({ minimum: 0, maximum: 1 << 30 })),
    startTimeSecondsSinceBoot: Fact(Seconds()),
  },
  { additionalProperties: false },
);

export const ConfigurationSchemaV1 = Type.Object(
  { ...ConfigurationSchema.properties, processes: Type.Array(ProcessConfigSchemaV1, { maxItems: MAX_REPORT_PROCESSES }) },
  { additionalProperties: false },
);
export type ConfigurationV1 = Static<typeof ConfigurationSchemaV1>;
