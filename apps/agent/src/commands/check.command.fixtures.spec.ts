import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { evaluateReport } from '@memfleet/rules';
import { noProbes } from '../collectors/network-probes';
import { collectReport } from '../report/collect-report';
import { agentFixturesDir } from '../testing/fixture-paths';

/** Collects a fixture host tree and evaluates it with the server's catalogue, as `check --root` does. */
async function hitsOf(fixture: string): Promise<string[]> {
  const report = await collectReport({ root: path.join(agentFixturesDir(), fixture), probes: noProbes, now: new Date('2026-11-01T00:00:00Z') });
  return evaluateReport(report)
    .filter((r) => r.outcome === 'hit')
    .map((r) => `${r.ruleId}:${r.severity}`)
    .sort();
}

describe('check on the failure-pattern fixture trees (the server catalogue)', () => {
  const expectations: [string, string[]][] = [
    ['spin-qemu-lowmem', ['wasmtime-pooling-unsupported-host:critical']],
    ['envoy-wasm-explosion', ['envoy-wasm-vm-explosion:critical']],
    ['tcmalloc-hotplug', ['tcmalloc-cpu-hotplug-crash:critical']],
    ['aeron-shm', ['aeron-shm-usable-space:critical', 'aeron-shm-usable-space:critical']],
    ['allocator-fragmentation', ['allocator-fragmentation:critical', 'allocator-fragmentation:warning']],
  ];
  for (const [fixture, expected] of expectations) {
    it(`${fixture}: ${expected.join(', ')}`, async () => {
      const hits = await hitsOf(fixture);
      for (const e of expected) assert.ok(hits.includes(e), `${fixture}: expected ${e} among ${JSON.stringify(hits)}`);
      assert.equal(hits.filter((h) => h.startsWith(expected[0].split(':')[0])).length, expected.length, `${fixture}: ${JSON.stringify(hits)}`);
    });
  }

  it('finds nothing to fix on the healthy KVM-on-QEMU cloud host (not an emulated host)', async () => {
    assert.deepEqual(await hitsOf('healthy-kvm-qemu'), []);
  });
});
