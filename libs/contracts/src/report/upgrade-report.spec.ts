import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess } from '../testing/sample-report';
import type { Report } from './report.schema';
import { upgradeReportV1 } from './upgrade-report';
import { validateReport } from './validate-report';

/** The same report as an agent of schema version 1 sends it: pid and start time in the configuration. */
function asVersion1(r: Report): Record<string, unknown> {
  const v1 = structuredClone(r) as any;
  v1.schemaVersion = 1;
  for (const p of v1.configuration.processes) {
    const m = v1.metrics.processes.find((x: { subject: string }) => x.subject === p.subject);
    p.pid = m?.pid ?? null;
    p.startTimeSecondsSinceBoot = m?.startTimeSecondsSinceBoot ?? null;
    if (m) {
      delete m.pid;
      delete m.startTimeSecondsSinceBoot;
    }
  }
  return v1;
}

const twoProcesses = () =>
  withProcess(
    withProcess(sampleReport(), { subject: 'redis:/usr/bin/redis-server' }),
    { subject: 'envoy:/usr/local/bin/envoy' },
    { startTimeSecondsSinceBoot: 4242 },
  );

describe('schema version 1 (the previous) is accepted and upgraded', () => {
  it('validates a version 1 report and returns it in the current shape, equal to what a current agent sends', () => {
    const current = twoProcesses();
    const v = validateReport(asVersion1(current));
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.receivedVersion, 1);
    assert.deepEqual(v.report, current);
    assert.equal(v.report.metrics.processes[1].startTimeSecondsSinceBoot, 4242);
    assert.ok(!('pid' in v.report.configuration.processes[0]));
  });

  it('gives a process with no metrics entry one holding its pid and start time', () => {
    const v1 = asVersion1(twoProcesses()) as any;
    v1.metrics.processes = [v1.metrics.processes[0]];
    const up = upgradeReportV1(v1);
    assert.deepEqual(up.metrics.processes[1], { subject: 'envoy:/usr/local/bin/envoy', pid: 1001, startTimeSecondsSinceBoot: 4242 });
  });

  it('refuses each version’s fields in the other version, with their paths', () => {
    const v2WithOldField = twoProcesses() as any;
    v2WithOldField.configuration.processes[0].pid = 7;
    const a = validateReport(v2WithOldField);
    assert.ok(!a.ok && a.kind === 'invalid');
    assert.deepEqual(a.errors, [{ path: 'configuration.processes[0].pid', reason: 'is not a known field' }]);
    const v1WithNewField = asVersion1(twoProcesses()) as any;
    v1WithNewField.metrics.processes[0].pid = 7;
    const b = validateReport(v1WithNewField);
    assert.ok(!b.ok && b.kind === 'invalid');
    assert.deepEqual(b.errors, [{ path: 'metrics.processes[0].pid', reason: 'is not a known field' }]);
  });

  it('leaves a report already in the current shape as it is', () => {
    const current = twoProcesses();
    assert.deepEqual(upgradeReportV1(structuredClone(current)), current);
  });
});
