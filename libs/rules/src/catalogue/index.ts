import type { RuleDefinition } from '../engine/rule-definition';
import { elasticsearchMaxMapCount } from './elasticsearch-max-map-count/elasticsearch-max-map-count.rule';
import { glibcArenaBloat } from './glibc-arena-bloat/glibc-arena-bloat.rule';
import { jvmContainerUnaware } from './jvm-container-unaware/jvm-container-unaware.rule';
import { processMemoryGrowth } from './process-memory-growth/process-memory-growth.rule';
import { redisOvercommitBgsave } from './redis-overcommit-bgsave/redis-overcommit-bgsave.rule';
import { thpEnabledForRedisMongodb } from './thp-enabled-for-redis-mongodb/thp-enabled-for-redis-mongodb.rule';
import { aeronShmUsableSpace } from './aeron-shm-usable-space/aeron-shm-usable-space.rule';
import { allocatorFragmentation } from './allocator-fragmentation/allocator-fragmentation.rule';
import { envoyWasmVmExplosion } from './envoy-wasm-vm-explosion/envoy-wasm-vm-explosion.rule';
import { tcmallocCpuHotplugCrash } from './tcmalloc-cpu-hotplug-crash/tcmalloc-cpu-hotplug-crash.rule';
import { wasmtimePoolingUnsupportedHost } from './wasmtime-pooling-unsupported-host/wasmtime-pooling-unsupported-host.rule';

/** Every rule, in the order docs list them. A new rule is added here and gets its own folder. */
export const CATALOGUE: readonly RuleDefinition[] = [
  wasmtimePoolingUnsupportedHost,
  envoyWasmVmExplosion,
  tcmallocCpuHotplugCrash,
  aeronShmUsableSpace,
  allocatorFragmentation,
  glibcArenaBloat,
  thpEnabledForRedisMongodb,
  redisOvercommitBgsave,
  elasticsearchMaxMapCount,
  jvmContainerUnaware,
  processMemoryGrowth,
];
