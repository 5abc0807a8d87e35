import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { envoyWasmVmExplosion as rule } from './envoy-wasm-vm-explosion.rule';
import { ENVOY, envoyHost, higress255Cores } from './fixtures/envoy-hosts.fixture';

describe('envoy-wasm-vm-explosion', () => {
  it('reproduces higress#2299: 255 workers × 9 plugins ≈ 2,304 VMs is critical, and says which --concurrency fixes it', () => {
    const r = only(runRule(rule, higress255Cores()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [ENVOY, 'hit', 'critical']);
    assert.equal(r.summary, '255 workers (no --concurrency, 255 online CPUs) × 9 plugins → ≈2,304 V8 VMs, above the 1,024 critical line.');
    assert.equal(r.evidence.find((e) => e.key === 'vms')?.value, 2304);
    assert.match(remediationText(r, 'envoy.set-concurrency'), /`--concurrency 16` → 9 × 17 = 153 VMs, under the 256 warning line \(at most 27 workers stay under it\)/);
    assert.match(remediationText(r, 'higress.upgrade-aio'), /GATEWAY_CONCURRENCY=16.*aio-v2\.1\.3/s);
  });

  it('warns at exactly 256 VMs and passes at 255', () => {
    // 8 plugins × (31 + 1) = 256; 5 plugins × (50 + 1) = 255.
    assert.equal(only(runRule(rule, envoyHost(31, 8))).severity, 'warning');
    assert.equal(only(runRule(rule, envoyHost(50, 5))).outcome, 'pass');
  });

  it('is critical at exactly 1,024 VMs and a warning just below', () => {
    assert.equal(only(runRule(rule, envoyHost(127, 8))).severity, 'critical'); // 8 × 128 = 1,024
    assert.equal(only(runRule(rule, envoyHost(1022, 1))).severity, 'warning'); // 1 × 1,023
  });

  it('takes workers from --concurrency, then GATEWAY_CONCURRENCY, then the cpuset with --cpuset-threads', () => {
    const flag = only(runRule(rule, envoyHost(255, 9, { concurrency: 16 })));
    assert.deepEqual([flag.outcome, flag.evidence.find((e) => e.key === 'vms')?.value], ['pass', 153]);
    assert.equal(only(runRule(rule, envoyHost(255, 9, { gatewayEnv: 32 }))).evidence.find((e) => e.key === 'workersFrom')?.value, 'GATEWAY_CONCURRENCY=32');
    const cpuset = only(runRule(rule, envoyHost(255, 9, { cpusetThreads: true, cpusAllowed: 4 })));
    assert.deepEqual([cpuset.outcome, cpuset.evidence.find((e) => e.key === 'vms')?.value], ['pass', 45]);
  });

  it('honours a changed threshold and records it', () => {
    const r = only(runRule(rule, envoyHost(255, 9, { concurrency: 16 }), { thresholds: { warningVms: 100 } }));
    assert.deepEqual([r.outcome, r.severity, r.thresholds?.warningVms], ['hit', 'warning', 100]);
    assert.match(remediationText(r, 'envoy.set-concurrency'), /--concurrency 10` → 9 × 11 = 99 VMs, under the 100 warning line \(at most 10 workers stay under it\)/);
  });

  it('passes an Envoy without Wasm plugins, and is not applicable without Envoy', () => {
    assert.equal(only(runRule(rule, envoyHost(64, 0))).outcome, 'pass');
    const na = only(runRule(rule, sampleReport()));
    assert.deepEqual([na.subject, na.outcome], ['', 'not-applicable']);
  });

  it('is not evaluated when the plugin count is unknown, naming the declaration that supplies it', () => {
    const r = only(runRule(rule, envoyHost(64, null)));
    assert.equal(r.outcome, 'not-evaluated');
    assert.match(r.missing?.[0].suppliedBy ?? '', /runtimes\.d declaration/);
  });

  it('judges two Envoys separately', () => {
    const report = envoyHost(255, 9);
    report.configuration.processes.push({ ...report.configuration.processes[0], subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/edge.yaml', runtimes: [{ kind: 'envoy', version: '1.31.0', envoy: { concurrencyFlag: 2, cpusetThreads: false, wasmPluginCount: 3 } }] });
    assert.deepEqual(runRule(rule, report).map((r) => r.outcome), ['hit', 'pass']);
  });
});
