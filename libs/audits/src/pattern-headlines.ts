import { ruleById } from '@memfleet/rules';

/** How a rule's pattern section names its hosts, their risk, and the evidence that ranks the worst of them. */
interface HeadlineWords {
  hosts: [one: string, many: string];
  risk: string;
  /** Evidence key whose value ranks the hosts (larger is worse), and how the value reads. */
  worst?: { key: string; reads: (value: number) => string };
}

const count = (n: number) => n.toLocaleString('en-US');
const bytes = (n: number) => {
  for (const [unit, size] of [
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const)
    if (n >= size) return `${(n / size).toFixed(2)} ${unit}`;
  return `${n} B`;
};

// The words of each failure pattern's headline. The numbers come from the audit's hits; a rule missing
// here gets "N hosts hit by <title>".
const WORDS: Readonly<Record<string, HeadlineWords>> = {
  'envoy-wasm-vm-explosion': { hosts: ['gateway', 'gateways'], risk: 'at risk of Wasm VM explosion', worst: { key: 'vms', reads: (v) => `${count(v)} VMs` } },
  'glibc-arena-bloat': {
    hosts: ['host', 'hosts'],
    risk: 'with glibc malloc arenas multiplying memory',
    worst: { key: 'arenas', reads: (v) => `${count(v)} arena regions` },
  },
  'allocator-fragmentation': {
    hosts: ['host', 'hosts'],
    risk: 'with a fragmented allocator',
    worst: { key: 'ratio', reads: (v) => `resident ${v.toFixed(2)}× allocated` },
  },
  'elasticsearch-max-map-count': { hosts: ['Elasticsearch host', 'Elasticsearch hosts'], risk: 'below the vm.max_map_count it needs' },
  'jvm-container-unaware': {
    hosts: ['host', 'hosts'],
    risk: 'with a JVM sizing its heap from host RAM',
    worst: { key: 'hostRamBytes', reads: (v) => `${bytes(v)} host RAM` },
  },
  'process-memory-growth': {
    hosts: ['host', 'hosts'],
    risk: 'with process memory growing steadily',
    worst: { key: 'growthPercent', reads: (v) => `+${v.toFixed(0)}%` },
  },
  'redis-overcommit-bgsave': {
    hosts: ['Redis host', 'Redis hosts'],
    risk: 'where background saves may fail',
    worst: { key: 'rssBytes', reads: (v) => `${bytes(v)} Redis RSS` },
  },
  'tcmalloc-cpu-hotplug-crash': { hosts: ['host', 'hosts'], risk: 'at risk of a TCMalloc crash after vCPU hot-add' },
  'thp-enabled-for-redis-mongodb': { hosts: ['host', 'hosts'], risk: 'running Redis or MongoDB with THP against its advice' },
  'wasmtime-pooling-unsupported-host': {
    hosts: ['host', 'hosts'],
    risk: 'that cannot hold Wasmtime’s pools',
    worst: { key: 'memoryPoolBytes', reads: (v) => `${bytes(v)} memory pool` },
  },
  'aeron-shm-usable-space': {
    hosts: ['host', 'hosts'],
    risk: 'where Aeron may run out of usable shared memory',
    worst: { key: 'requiredBytes', reads: (v) => `${bytes(v)} needed per log` },
  },
};

/** Per rule, the evidence key that ranks its hosts worst first (for the patterns statement). */
export function worstEvidenceKeys(): Record<string, string> {
  return Object.fromEntries(Object.entries(WORDS).flatMap(([ruleId, w]) => (w.worst ? [[ruleId, w.worst.key]] : [])));
}

export interface HeadlineInput {
  ruleId: string;
  /** Hosts with an unsilenced hit. */
  hosts: number;
  /** The worst host, and the value of the rule's ranking evidence there (null when it has none). */
  worstHost: string | null;
  worstValue: number | null;
}

/** e.g. "12 gateways at risk of Wasm VM explosion; worst: 2,304 VMs on gw-17". */
export function patternHeadline(p: HeadlineInput): string {
  const w = WORDS[p.ruleId];
  const lead = w
    ? `${count(p.hosts)} ${p.hosts === 1 ? w.hosts[0] : w.hosts[1]} ${w.risk}`
    : `${count(p.hosts)} ${p.hosts === 1 ? 'host' : 'hosts'} hit by “${ruleById(p.ruleId)?.title ?? p.ruleId}”`;
  if (!p.worstHost) return lead;
  return w?.worst && p.worstValue !== null ? `${lead}; worst: ${w.worst.reads(p.worstValue)} on ${p.worstHost}` : `${lead}; worst: ${p.worstHost}`;
}
