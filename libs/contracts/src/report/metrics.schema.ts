import { Type, type Static } from '@sinclair/typebox';
import { Bytes, Count, Fact, Seconds, Text } from './schema-helpers';
import { MAX_REPORT_PROCESSES } from './limits';
import { MAX_CPUS } from '../cpu-list';

// Volatile metrics: what changes every sample. Kept compactly per report for a bounded window.

export const FilesystemUsageSchema = Type.Object(
  {
    mountPoint: Text(1024, 'Host path, or for a process view "<subject>:<path inside its root>".'),
    blockSizeBytes: Fact(Bytes('f_frsize')),
    totalBytes: Fact(Bytes('f_blocks × f_frsize')),
    freeBytes: Fact(Bytes('f_bfree × f_frsize')),
    availableBytes: Fact(Bytes('f_bavail × f_frsize: what an unprivileged writer can use.')),
    inodesTotal: Fact(Count()),
    inodesFree: Fact(Count()),
  },
  { additionalProperties: false },
);

export const HotplugEventSchema = Type.Object(
  {
    cpu: Fact(Type.Integer({ minimum: 0, maximum: MAX_CPUS - 1, description: `A CPU id; the kernel has fewer than ${MAX_CPUS}.` })),
    action: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('hot-added'), Type.Literal('allowing')]),
    atSecondsSinceBoot: Seconds(),
    bootId: Fact(Text(64)),
    source: Type.Union([Type.Literal('sample'), Type.Literal('kmsg'), Type.Literal('log-file')]),
    detail: Type.Optional(Text(256)),
  },
  { additionalProperties: false },
);

export const CpuHotplugSchema = Type.Object(
  {
    events: Type.Array(HotplugEventSchema, { maxItems: 1024 }),
    windowStartSecondsSinceBoot: Fact(Seconds('Earliest time the event sources cover.')),
    windowEndSecondsSinceBoot: Fact(Seconds()),
    allowingCpus: Fact(Count('smpboot: Allowing N CPUs')),
    allowingHotplugCpus: Fact(Count('… M hotplug CPUs')),
  },
  { additionalProperties: false },
);

export const AllocatorStatsSchema = Type.Object(
  {
    allocatedBytes: Bytes('What the program counts as in use (Redis used_memory, skynet allocated).'),
    residentBytes: Bytes('What the OS holds for it (Redis used_memory_rss, RSS).'),
    source: Type.Union([Type.Literal('redis-info'), Type.Literal('declared'), Type.Literal('trace')]),
    allocatorName: Fact(Text(64, 'e.g. Redis mem_allocator: jemalloc-5.3.0.')),
  },
  { additionalProperties: false },
);

export const AeronDirUsageSchema = Type.Object(
  {
    resolvedPath: Text(1024, 'aeron.dir as the process sees it, under /proc/<pid>/root.'),
    exists: Type.Boolean(),
    readable: Type.Boolean(),
    logBufferCount: Fact(Count()),
    logBufferBytes: Fact(Bytes()),
    usage: Fact(FilesystemUsageSchema),
  },
  { additionalProperties: false },
);

export const EnvoyAdminStatsSchema = Type.Object(
  {
    serverConcurrency: Fact(Count('server.concurrency')),
    wasmV8Active: Fact(Count('wasm.envoy.wasm.runtime.v8.active')),
  },
  { additionalProperties: false },
);

const ProcessMetricsV1Properties = {
  subject: Text(512),
  rssBytes: Fact(Bytes()),
  threads: Fact(Count()),
  arena64MiBCount: Fact(Count('Anonymous 64 MiB-aligned arena regions in /proc/<pid>/maps.')),
  allocatorStats: Fact(AllocatorStatsSchema),
  aeronDir: Fact(AeronDirUsageSchema),
  envoyAdmin: Fact(EnvoyAdminStatsSchema),
};

export const ProcessMetricsSchema = Type.Object(
  {
    ...ProcessMetricsV1Properties,
    pid: Fact(Type.Integer({ minimum: 0, maximum: 1 << 30 })),
    startTimeSecondsSinceBoot: Fact(Seconds('Field 22 of /proc/<pid>/stat in seconds: changes when the process restarts.')),
  },
  { additionalProperties: false },
);

/** Schema version 1: the pid and start time were configuration facts. */
export const ProcessMetricsSchemaV1 = Type.Object(ProcessMetricsV1Properties, { additionalProperties: false });

export const MetricsSchema = Type.Object(
  {
    uptimeSeconds: Fact(Seconds()),
    memAvailableBytes: Fact(Bytes()),
    memFreeBytes: Fact(Bytes()),
    swapFreeBytes: Fact(Bytes()),
    commitLimitBytes: Fact(Bytes()),
    committedAsBytes: Fact(Bytes()),
    hugePagesFree: Fact(Count()),
    filesystems: Type.Array(FilesystemUsageSchema, { maxItems: 256 }),
    cpuHotplug: Fact(CpuHotplugSchema),
    processes: Type.Array(ProcessMetricsSchema, { maxItems: MAX_REPORT_PROCESSES }),
  },
  { additionalProperties: false },
);

export type Metrics = Static<typeof MetricsSchema>;
export type ProcessMetrics = Static<typeof ProcessMetricsSchema>;
export type FilesystemUsage = Static<typeof FilesystemUsageSchema>;
export type HotplugEvent = Static<typeof HotplugEventSchema>;
export type AllocatorStats = Static<typeof AllocatorStatsSchema>;
export type AeronDirUsage = Static<typeof AeronDirUsageSchema>;

export const MetricsSchemaV1 = Type.Object(
  { ...MetricsSchema.properties, processes: Type.Array(ProcessMetricsSchemaV1, { maxItems: MAX_REPORT_PROCESSES }) },
  { additionalProperties: false },
);
export type MetricsV1 = Static<typeof MetricsSchemaV1>;
