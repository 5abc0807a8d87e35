import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess } from '../testing/sample-report';
import { configurationHash } from './configuration-hash';
import { toReportV3 } from './report-v3';
import { validateReport } from './validate-report';

describe('validateReport', () => {
  it('accepts the sample report and one with a runtime process', () => {
    assert.equal(validateReport(sampleReport()).ok, true);
    const r = withProcess(sampleReport(), {
      subject: 'envoy:/usr/local/bin/envoy',
      runtimes: [{ kind: 'envoy', version: '1.25.9', envoy: { concurrencyFlag: null, cpusetThreads: false, wasmPluginCount: 9 } }],
    });
    assert.equal(validateReport(r).ok, true);
  });

  it('lists every failing field with its JSON path, not just the first', () => {
    const bad = sampleReport() as any;
    bad.sequence = -1;
    bad.configuration.processes = [{ subject: 'x', state: 'running', runtimes: [{ kind: 'nginx' }] }];
    bad.metrics.filesystems[0].availableBytes = 'lots';
    delete bad.identity.machineId;
    const v = validateReport(bad);
    assert.equal(v.ok, false);
    if (v.ok || v.kind !== 'invalid') return;
    const paths = v.errors.map((e) => e.path).sort();
    assert.deepEqual(paths, ['configuration.processes[0].runtimes[0].kind', 'identity.machineId', 'metrics.filesystems[0].availableBytes', 'sequence']);
    assert.equal(v.errors.find((e) => e.path === 'identity.machineId')?.reason, 'is required');
  });

  it('names the supported versions for an unknown schemaVersion, and requires one', () => {
    assert.deepEqual(validateReport({ ...sampleReport(), schemaVersion: 4 }), { ok: false, kind: 'schema-version', supported: [3, 2, 1], got: 4 });
    const { schemaVersion: _omit, ...rest } = sampleReport();
    assert.deepEqual(validateReport(rest), { ok: false, kind: 'invalid', errors: [{ path: 'schemaVersion', reason: 'is required' }] });
  });

  it('rejects fields the contract does not know', () => {
    const v = validateReport({ ...sampleReport(), extra: 1 });
    assert.equal(v.ok, false);
    if (!v.ok && v.kind === 'invalid') assert.deepEqual(v.errors, [{ path: 'extra', reason: 'is not a known field' }]);
  });

  it('rejects an environment variable name the contract does not allow, naming it', () => {
    const r = withProcess(sampleReport(), { subject: 'redis:/usr/bin/redis-server', env: { MALLOC_ARENA_MAX: '2', 'bad name': 'x' } });
    const v = validateReport(r);
    assert.equal(v.ok, false);
    if (v.ok || v.kind !== 'invalid') return;
    assert.deepEqual(v.errors, [{ path: 'configuration.processes[0].env.bad name', reason: 'is not a known field' }]);
  });

  it('rejects a CPU list beyond the kernel limit, naming the field, in either schema version', () => {
    const bad = sampleReport();
    bad.configuration.cpu.online = '0-30000000';
    const v = validateReport(bad);
    assert.equal(v.ok, false);
    if (!v.ok && v.kind === 'invalid') {
      assert.deepEqual(
        v.errors.map((e) => e.path),
        ['configuration.cpu.online'],
      );
      assert.match(v.errors[0].reason, /CPU list .* below 8192/);
    }
    const proc = withProcess(sampleReport(), { subject: 'x', cpusAllowedList: '0-3,9000' });
    const p = validateReport(proc);
    assert.equal(!p.ok && p.kind === 'invalid' && p.errors.map((e) => e.path).join(), 'configuration.processes[0].cpusAllowedList');
    const v1 = validateReport({
      ...sampleReport(),
      schemaVersion: 1,
      configuration: { ...sampleReport().configuration, cpu: { ...sampleReport().configuration.cpu, possible: '3-1' } },
    });
    assert.equal(!v1.ok && v1.kind === 'invalid' && v1.errors.map((e) => e.path).join(), 'configuration.cpu.possible');
  });

  it('accepts the largest CPU list a kernel can print', () => {
    const r = sampleReport();
    r.configuration.cpu.possible = '0-8191';
    assert.equal(validateReport(r).ok, true);
  });

  describe('schema version 3', () => {
    const report = sampleReport();
    const hash = configurationHash(report.configuration);

    it('accepts a whole report whose hash matches its configuration, in the stored shape', () => {
      const v = validateReport(toReportV3(report, true));
      assert.deepEqual(v, { ok: true, full: true, report, receivedVersion: 3, configurationHash: hash });
    });

    it('accepts a metrics-only report without its configuration', () => {
      const { configuration: _c, ...rest } = report;
      assert.deepEqual(validateReport(toReportV3(report, false)), { ok: true, full: false, report: rest, receivedVersion: 3, configurationHash: hash });
    });

    it('refuses a whole report whose hash does not match its configuration, naming configurationHash and the expected hash', () => {
      const v = validateReport(toReportV3(report, true, 'a'.repeat(64)));
      assert.deepEqual(v, {
        ok: false,
        kind: 'invalid',
        errors: [{ path: 'configurationHash', reason: `does not match the configuration (expected ${hash})` }],
      });
      // a known hash skips validating the configuration again, not checking it against the hash
      const changed = { ...toReportV3(report, true), configuration: { ...report.configuration, vm: { ...report.configuration.vm, maxMapCount: 1 } } };
      const k = validateReport(changed, true);
      assert.equal(!k.ok && k.kind === 'invalid' && k.errors[0].path, 'configurationHash');
    });

    it('refuses a malformed or missing hash, naming configurationHash', () => {
      for (const bad of ['A'.repeat(64), 'a'.repeat(63), 12, null]) {
        const v = validateReport({ ...toReportV3(report, false), configurationHash: bad });
        assert.equal(!v.ok && v.kind === 'invalid' && v.errors.map((e) => e.path).join(), 'configurationHash', JSON.stringify(bad));
      }
      const { configurationHash: _h, ...noHash } = toReportV3(report, true);
      const v = validateReport(noHash);
      assert.deepEqual(!v.ok && v.kind === 'invalid' && v.errors, [{ path: 'configurationHash', reason: 'is required' }]);
    });

    it('still validates the configuration of a whole report, and the metrics of a metrics-only one', () => {
      const whole = toReportV3(report, true) as any;
      whole.configuration.cpu.online = '0-30000000';
      const v = validateReport(whole);
      assert.equal(!v.ok && v.kind === 'invalid' && v.errors.map((e) => e.path).join(), 'configuration.cpu.online');
      const delta = toReportV3(report, false) as any;
      delta.metrics.filesystems[0].availableBytes = 'lots';
      const d = validateReport(delta);
      assert.equal(!d.ok && d.kind === 'invalid' && d.errors.map((e) => e.path).join(), 'metrics.filesystems[0].availableBytes');
    });
  });
});
