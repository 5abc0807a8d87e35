import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateReport } from '@memfleet/contracts';
import { evaluateReport } from '../index';
import { generateReport } from './generate-reports';

describe('generateReport', () => {
  it('produces valid, deterministic reports whose configuration changes only when asked', () => {
    for (const i of [0, 1, 7, 11, 13, 17, 19, 23, 31, 99, 1234]) {
      const v = validateReport(generateReport(i));
      assert.ok(v.ok, `report ${i}: ${JSON.stringify(v)}`);
    }
    assert.deepEqual(generateReport(42, { sequence: 3 }), generateReport(42, { sequence: 3 }));
    assert.deepEqual(generateReport(42, { sequence: 3 }).configuration, generateReport(42, { sequence: 4 }).configuration);
    assert.notDeepEqual(generateReport(42).configuration, generateReport(42, { changed: true }).configuration);
  });

  it('gives the fleet a mix of findings across the catalogue', () => {
    const hit = new Set<string>();
    for (let i = 0; i < 400; i++) for (const r of evaluateReport(generateReport(i))) if (r.outcome === 'hit') hit.add(r.ruleId);
    for (const id of [
      'envoy-wasm-vm-explosion',
      'wasmtime-pooling-unsupported-host',
      'redis-overcommit-bgsave',
      'allocator-fragmentation',
      'jvm-container-unaware',
    ])
      assert.ok(hit.has(id), `no host hits ${id}`);
  });
});
