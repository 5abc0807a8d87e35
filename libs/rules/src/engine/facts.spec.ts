import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { buildFacts } from './facts';

describe('buildFacts', () => {
  it('parses CPU lists, normalises absent facts to null and joins process config with metrics by subject', () => {
    const r = sampleReport();
    r.configuration.cpu = { ...r.configuration.cpu, online: '0-1,3', onlineCount: null, userVirtualAddressBits: null, virtualAddressBits: 48 };
    delete r.configuration.cgroup;
    withProcess(
      r,
      { subject: 'envoy:a', declaredBy: '/etc/systemd/system/envoy.service', runtimes: [{ kind: 'envoy', version: '1.25.9' }] },
      { rssBytes: 123 },
    );
    withProcess(r, { subject: 'redis:b', runtimes: [{ kind: 'redis', version: '7.2.4' }] });
    r.metrics.processes.reverse(); // metrics in another order than configuration
    const f = buildFacts(r);
    assert.deepEqual(f.cpuOnline, [0, 1, 3]);
    assert.equal(f.onlineCount, 3, 'counted from the list when the count is absent');
    assert.equal(f.userVaBits, 47, 'derived from the total bits');
    assert.equal(f.hostMemoryMaxBytes, null);
    assert.deepEqual(
      f.processes.map((p) => [p.subject, p.metrics?.subject, p.systemdUnit]),
      [
        ['envoy:a', 'envoy:a', 'envoy.service'],
        ['redis:b', 'redis:b', null],
      ],
    );
    assert.equal(f.processes[0].metrics?.rssBytes, 123);
    assert.deepEqual(
      f.withRuntime('envoy').map((p) => p.subject),
      ['envoy:a'],
    );
    assert.deepEqual(f.withRuntime('jvm'), []);
    assert.equal(f.processes[1].runtime('redis')?.version, '7.2.4');
  });

  it('gives a process without a metrics half null metrics', () => {
    const r = withProcess(sampleReport(), { subject: 'declared:x', state: 'declared' });
    r.metrics.processes = [];
    assert.equal(buildFacts(r).processes[0].metrics, null);
  });
});
