import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdChangeReason } from '../rules/thresholds.service';
import { reasonInWords } from './reason-in-words';

describe('re-evaluation reasons in words', () => {
  it('a threshold change names each changed value old → new in its unit, no JSON', () => {
    const reason = thresholdChangeReason('alice', 'envoy-wasm-vm-explosion', { warningVms: 256, criticalVms: 1024 }, { warningVms: 100, criticalVms: 1024 });
    assert.equal(reason, 'alice changed thresholds of envoy-wasm-vm-explosion: warningVms 256 → 100');
    assert.equal(
      thresholdChangeReason('bob', 'glibc-arena-bloat', { warningArenas: 16, minResidentBytes: 268435456 }, { warningArenas: 32, minResidentBytes: 134217728 }),
      'bob changed thresholds of glibc-arena-bloat: warningArenas 16 → 32, minResidentBytes 256.00 MiB → 128.00 MiB',
    );
  });

  it('rewrites an older run’s JSON reason, and leaves other reasons as they are', () => {
    assert.equal(
      reasonInWords('alice changed thresholds of envoy-wasm-vm-explosion: {"warningVms":100,"criticalVms":2048}'),
      'alice changed thresholds of envoy-wasm-vm-explosion: warningVms set to 100, criticalVms set to 2,048',
    );
    assert.equal(reasonInWords('rule catalogue changed (abc → def)'), 'rule catalogue changed (abc → def)');
    assert.equal(reasonInWords('ops: changed thresholds of x: {not json}'), 'ops: changed thresholds of x: {not json}');
  });
});
