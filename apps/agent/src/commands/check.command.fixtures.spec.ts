import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { agentFixturesDir } from '../testing/fixture-paths';
import { checkCommand } from './check.command';

/** Runs `check --root <fixture> --json --no-network-probes` with the real catalogue and its default thresholds: its exit code and every hit. */
async function check(fixture: string): Promise<{ code: number; hits: string[] }> {
  let out = '';
  const io = { out: (t: string) => void (out += t), err: () => undefined };
  const code = await checkCommand(
    {
      root: path.join(agentFixturesDir(), fixture),
      top: 50,
      labels: {},
      networkProbes: false,
      json: true,
      offline: true,
      config: path.join(agentFixturesDir(), 'no-agent.json'),
    },
    io,
    {},
  );
  const results = JSON.parse(out) as { ruleId: string; subject: string; outcome: string; severity: string | null }[];
  const hits = results.filter((r) => r.outcome === 'hit').map((r) => `${r.ruleId}:${r.severity} ${r.subject}`);
  return { code, hits: hits.sort() };
}

// Every rule that fires on each fixture host, with its severity and subject: the pattern a fixture was built for,
// and nothing else (a hit missing from a list is a false positive, or a fixture that changed).
const EXPECTED: Record<string, string[]> = {
  'spin-qemu-lowmem': ['wasmtime-pooling-unsupported-host:critical spin:/usr/local/bin/spin'],
  // the systemd-configured edge Envoy has --concurrency 64 and 2 plugins: 130 VMs, under the warning line
  'envoy-wasm-explosion': ['envoy-wasm-vm-explosion:critical envoy:/usr/local/bin/envoy@0123456789ab#/etc/envoy/envoy.yaml'],
  // CPU 6 came online after Envoy started, but its affinity (Cpus_allowed_list 0-5) keeps it on the CPUs online then
  'tcmalloc-hotplug': ['tcmalloc-cpu-hotplug-crash:warning envoy:/usr/local/bin/envoy#/etc/envoy/envoy.yaml'],
  'aeron-shm': [
    'aeron-shm-usable-space:critical aeron:/opt/app/bin/md-client',
    'aeron-shm-usable-space:critical aeron:/usr/lib/jvm/java-17/bin/java@aaaabbbbcccc',
  ],
  // besides the two fragmented allocators: a 64-thread glibc worker with 40 arenas, and a Redis on overcommit_memory=0
  'allocator-fragmentation': [
    'allocator-fragmentation:critical skynet:/opt/game/skynet',
    'allocator-fragmentation:warning redis:declared:session-redis',
    'glibc-arena-bloat:warning process:/opt/svc/worker',
    'redis-overcommit-bgsave:warning redis:declared:session-redis',
  ],
  'jvm-redis-es': [
    'elasticsearch-max-map-count:critical elasticsearch:/usr/share/elasticsearch/jdk/bin/java',
    'jvm-container-unaware:warning jvm:/usr/lib/jvm/jdk8/bin/java',
    'redis-overcommit-bgsave:warning redis:/usr/bin/redis-server',
    'thp-enabled-for-redis-mongodb:warning redis:/usr/bin/redis-server',
  ],
  // a KVM cloud host whose DMI says QEMU is not an emulated host
  'healthy-kvm-qemu': [],
};

describe('check --root on the fixture host trees (the server catalogue): exactly the expected hits and exit code', () => {
  it('has an expectation for every fixture tree', () => {
    assert.deepEqual(fs.readdirSync(agentFixturesDir()).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(`${fixture}: ${expected.length ? expected.map((e) => e.split(' ')[0]).join(', ') : 'nothing'}`, async () => {
      const { code, hits } = await check(fixture);
      assert.deepEqual(hits, [...expected].sort());
      const worst = expected.some((e) => e.includes(':critical ')) ? 2 : expected.some((e) => e.includes(':warning ')) ? 1 : 0;
      assert.equal(code, worst, 'exit 2 on a critical, 1 on a warning, 0 on nothing');
    });
  }
});
