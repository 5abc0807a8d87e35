import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { argsWithConcurrency, envoyWasmVmExplosion as rule, maxWorkersUnder } from './envoy-wasm-vm-explosion.rule';
import { containerEnvoy, edgeEnvoyUnit, ENVOY, envoyHost, higress255Cores } from './fixtures/envoy-hosts.fixture';

const value = (r: { evidence: { key: string; value: unknown }[] }, key: string) => r.evidence.find((e) => e.key === key)?.value;

describe('envoy-wasm-vm-explosion', () => {
  it('reproduces higress#2299: 255 workers × 9 plugins ≈ 2,304 VMs is critical, and says which --concurrency fixes it', () => {
    const r = only(runRule(rule, higress255Cores()));
    assert.deepEqual([r.subject, r.outcome, r.severity], [ENVOY, 'hit', 'critical']);
    assert.equal(r.summary, '255 workers (no --concurrency, 255 online CPUs) × 9 plugins → ≈2,304 V8 VMs, at or above the 1,024 critical line.');
    assert.deepEqual([value(r, 'vms'), value(r, 'workers'), value(r, 'plugins')], [2304, 255, 9]);
    assert.equal(
      remediationText(r, 'envoy.set-concurrency'),
      'Start Envoy with --concurrency 16\n`--concurrency 16` → 9 × 17 = 153 VMs, under the 256 warning line (at most 27 workers stay under it). ' +
        'Envoy otherwise starts one worker per hardware thread; this one runs 255. Start it as it is started now, with that option.\n/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --concurrency 16',
    );
    assert.match(remediationText(r, 'higress.upgrade-aio'), /upgrade to aio-v2\.1\.4 or later.*GATEWAY_CONCURRENCY=16.*image tag aio-v2\.1\.3/s);
    // The command names the tag it recommends, never :latest; the container's own options are the one part left to fill in.
    const upgrade = r.remediation.find((s) => s.key === 'higress.upgrade-aio')!;
    assert.deepEqual(upgrade.commands, [
      'docker run -e GATEWAY_CONCURRENCY=16 OPTIONS higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:aio-v2.1.4',
    ]);
    assert.deepEqual([upgrade.effect, upgrade.template], ['fixes', true]);
    assert.match(upgrade.text, /Replace OPTIONS with the options the container runs with today \(name, ports, volumes\)\.$/);
    assert.deepEqual(
      r.remediation.map((s) => s.effect),
      ['fixes', 'fixes', 'mitigates'],
    );
    assert.match(remediationText(r, 'envoy.share-vm-id'), /saves 256 VMs at the current 255 workers/);
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['envoy.set-concurrency', 'higress.upgrade-aio', 'envoy.share-vm-id'],
    );
  });

  it('computes the largest worker count under the warning line', () => {
    assert.equal(maxWorkersUnder(9, 256), 27); // 9 × 28 = 252 < 256; 9 × 29 = 261
    assert.equal(maxWorkersUnder(8, 256), 30); // 8 × 31 = 248; 8 × 32 = 256 is on the line
    assert.equal(maxWorkersUnder(128, 256), 0); // 128 × 2 = 256 is on the line already
  });

  it('warns at exactly 256 VMs and passes at 255', () => {
    // 8 plugins × (31 + 1) = 256; 5 plugins × (50 + 1) = 255.
    const at = only(runRule(rule, envoyHost(31, 8)));
    assert.deepEqual([at.severity, value(at, 'vms')], ['warning', 256]);
    const under = only(runRule(rule, envoyHost(50, 5)));
    assert.deepEqual([under.outcome, value(under, 'vms')], ['pass', 255]);
  });

  it('is critical at exactly 1,024 VMs and a warning just below', () => {
    assert.equal(only(runRule(rule, envoyHost(127, 8))).severity, 'critical'); // 8 × 128 = 1,024
    assert.equal(only(runRule(rule, envoyHost(1022, 1))).severity, 'warning'); // 1 × 1,023
  });

  it('takes workers from --concurrency, then GATEWAY_CONCURRENCY, then the cpuset with --cpuset-threads', () => {
    const flag = only(runRule(rule, envoyHost(255, 9, { concurrency: 16, gatewayEnv: 64 })));
    assert.deepEqual([flag.outcome, value(flag, 'vms'), value(flag, 'workersFrom')], ['pass', 153, '--concurrency 16']);
    assert.equal(value(only(runRule(rule, envoyHost(255, 9, { gatewayEnv: 32 }))), 'workersFrom'), 'GATEWAY_CONCURRENCY=32');
    const cpuset = only(runRule(rule, envoyHost(255, 9, { cpusetThreads: true, cpusAllowed: 4 })));
    assert.deepEqual([cpuset.outcome, value(cpuset, 'vms')], ['pass', 45]);
  });

  it('honours a changed threshold and records it', () => {
    const r = only(runRule(rule, envoyHost(255, 9, { concurrency: 16 }), { thresholds: { warningVms: 100 } }));
    assert.deepEqual([r.outcome, r.severity, r.thresholds], ['hit', 'warning', { warningVms: 100, criticalVms: 1024 }]);
    assert.match(
      remediationText(r, 'envoy.set-concurrency'),
      /--concurrency 10` → 9 × 11 = 99 VMs, under the 100 warning line \(at most 10 workers stay under it\)/,
    );
  });

  it('asks for fewer plugins when even one worker stays over the line', () => {
    const r = only(runRule(rule, envoyHost(8, 130, { higressTag: null })));
    assert.deepEqual([r.severity, value(r, 'vms')], ['critical', 1170]);
    assert.deepEqual(
      r.remediation.map((s) => s.key),
      ['envoy.reduce-plugins', 'envoy.share-vm-id'],
    );
    assert.match(
      remediationText(r, 'envoy.reduce-plugins'),
      /130 × 2 = 260 VMs, at or above the 256 warning line: run at most 127 distinct plugins .* with `--concurrency 1` to bring it under/,
    );
  });

  it('gives a plain Envoy no Higress steps, and a Higress pod the CPU-limit step', () => {
    assert.deepEqual(
      only(runRule(rule, envoyHost(64, 9, { higressTag: null }))).remediation.map((s) => s.key),
      ['envoy.set-concurrency', 'envoy.share-vm-id'],
    );
    const pod = only(runRule(rule, envoyHost(64, 9, { higressTag: null, gatewayEnv: 64, cgroupPath: '/kubepods/burstable/pod1/higress-gateway' })));
    assert.match(remediationText(pod, 'kubernetes.gateway-cpu-limit'), /limits\.cpu=16/);
    assert.ok(!pod.remediation.some((s) => s.key === 'higress.upgrade-aio'));
    const current = only(runRule(rule, envoyHost(255, 9, { higressTag: 'aio-v2.1.5' })));
    assert.match(remediationText(current, 'higress.upgrade-aio'), /^Higress all-in-one: set GATEWAY_CONCURRENCY\n/);
    assert.match(remediationText(current, 'higress.upgrade-aio'), /all-in-one:aio-v2\.1\.5$/, 'keeps a tag that already has the fix');
  });

  it('fills the container it knows, and says what to put where it does not', () => {
    const report = higress255Cores();
    report.configuration.processes[0].containerId = '3f2a9c4b1d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a';
    const upgrade = only(runRule(rule, report)).remediation.find((s) => s.key === 'higress.upgrade-aio')!;
    assert.match(upgrade.text, /which `docker inspect 3f2a9c4b1d0e` shows\.$/);
    const redacted = only(runRule(rule, envoyHost(255, 9, { higressTag: null, cmdline: '/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --admin-token ***' })));
    const concurrency = redacted.remediation.find((s) => s.key === 'envoy.set-concurrency')!;
    assert.deepEqual([concurrency.commands, concurrency.template], [['COMMAND'], true]);
    assert.match(
      concurrency.text,
      /Replace COMMAND with the command line that starts Envoy today, with --concurrency 16 in place of any --concurrency it has\.$/,
    );
  });

  it('names the target tag aio-v2.1.4 when the running tag is unknown (the agent reads no image tag)', () => {
    const r = only(
      runRule(
        rule,
        envoyHost(255, 9, {
          higressTag: null,
          cmdline: '/usr/local/bin/envoy -c /etc/envoy/envoy.yaml --service-cluster higress-gateway',
          containerId: 'ab'.repeat(32),
        }),
      ),
    );
    const upgrade = r.remediation.find((s) => s.key === 'higress.upgrade-aio')!;
    assert.deepEqual(upgrade.commands, [
      'docker run -e GATEWAY_CONCURRENCY=16 OPTIONS higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:aio-v2.1.4',
    ]);
    assert.match(
      upgrade.text,
      /image tagged aio-v2\.1\.4 \(or a later release\).*The image tag this host runs is unknown .*any tag from aio-v2\.1\.4 on has the fix\./,
    );
    assert.ok(!upgrade.text.includes('TAG'), upgrade.text);
  });

  it('does not take GATEWAY_CONCURRENCY alone for Higress, and gives a systemd Envoy its unit, not a bare command line', () => {
    const r = only(runRule(rule, edgeEnvoyUnit()));
    assert.equal(r.severity, 'warning'); // 9 × 65 = 585: workers from --concurrency 64, not the 255 online CPUs
    assert.ok(!r.remediation.some((s) => s.key.startsWith('higress.')), r.remediation.map((s) => s.key).join());
    const step = r.remediation[0];
    assert.deepEqual(
      [step.key, step.title, step.commands, step.template],
      [
        'envoy.set-concurrency-unit',
        'Start edge-envoy.service with --concurrency 16',
        [
          'systemctl edit edge-envoy.service  # [Service] ExecStart= and ExecStart=/opt/edge/bin/envoy -c /etc/edge/envoy.yaml --concurrency 16',
          'systemctl restart edge-envoy.service',
        ],
        undefined,
      ],
    );
  });

  it('gives a containerized Envoy container commands, never a host envoy command line', () => {
    const step = only(runRule(rule, containerEnvoy())).remediation[0];
    assert.deepEqual(
      [step.key, step.commands, step.template],
      ['envoy.set-concurrency-container', ['docker run OPTIONS IMAGE -c /etc/envoy/envoy.yaml --concurrency 16'], true],
    );
    assert.match(
      step.text,
      /Replace OPTIONS with the options the container runs with today \(name, ports, volumes\), which `docker inspect 0123456789ab` shows\. Replace IMAGE with the image the container runs\.$/,
    );
  });

  it('sets --concurrency in place of the one the command line has', () => {
    assert.equal(argsWithConcurrency('/opt/edge/bin/envoy -c /e.yaml --concurrency 64 --log-level info', 2), '-c /e.yaml --log-level info --concurrency 2');
    assert.equal(argsWithConcurrency('envoy --concurrency=64 -c /e.yaml', 8), '-c /e.yaml --concurrency 8');
    assert.equal(argsWithConcurrency(null, 8), null);
  });

  it('shows the admin endpoint counts beside the estimate', () => {
    const report = higress255Cores();
    report.metrics.processes[0].envoyAdmin = { serverConcurrency: 255, wasmV8Active: 2291 };
    const r = only(runRule(rule, report));
    assert.deepEqual([value(r, 'observedVms'), value(r, 'observedWorkers')], [2291, 255]);
  });

  it('passes an Envoy without Wasm plugins, and is not applicable (one host-level result) without Envoy', () => {
    assert.equal(only(runRule(rule, envoyHost(64, 0))).outcome, 'pass');
    const na = only(runRule(rule, sampleReport()));
    assert.deepEqual([na.subject, na.outcome, na.severity], ['', 'not-applicable', null]);
  });

  it('is not evaluated when the plugin count is unknown, naming the declaration that supplies it', () => {
    const r = only(runRule(rule, envoyHost(64, null)));
    assert.deepEqual([r.subject, r.outcome], [ENVOY, 'not-evaluated']);
    assert.equal(r.missing?.[0].fact, 'envoy.wasmPluginCount');
    assert.match(r.missing?.[0].suppliedBy ?? '', /runtimes\.d declaration/);
  });

  it('judges two Envoys separately', () => {
    const report = envoyHost(255, 9);
    report.configuration.processes.push({
      ...report.configuration.processes[0],
      subject: 'envoy:/usr/local/bin/envoy|/etc/envoy/edge.yaml',
      runtimes: [{ kind: 'envoy', version: '1.31.0', envoy: { concurrencyFlag: 2, cpusetThreads: false, wasmPluginCount: 3 } }],
    });
    assert.deepEqual(
      runRule(rule, report).map((r) => [r.subject, r.outcome]),
      [
        [ENVOY, 'hit'],
        ['envoy:/usr/local/bin/envoy|/etc/envoy/edge.yaml', 'pass'],
      ],
    );
  });
});
