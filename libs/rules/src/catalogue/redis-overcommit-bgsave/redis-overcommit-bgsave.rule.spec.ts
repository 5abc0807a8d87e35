import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { redisOvercommitBgsave as rule } from './redis-overcommit-bgsave.rule';
import { REDIS, redisHost } from './fixtures/redis-hosts.fixture';

describe('redis-overcommit-bgsave', () => {
  it('warns for Redis with overcommit 0 and tells how to set and persist 1', () => {
    const r = only(runRule(rule, redisHost(0)));
    assert.deepEqual([r.subject, r.outcome, r.severity], [REDIS, 'hit', 'warning']);
    assert.match(r.summary, /vm\.overcommit_memory=0 \(heuristic\).*Background save may fail/);
    assert.equal(
      remediationText(r, 'sysctl.overcommit-1'),
      'Set vm.overcommit_memory = 1 (now 0)\nApply now with `sysctl vm.overcommit_memory=1` and persist it in /etc/sysctl.d/90-redis.conf so a reboot keeps it; ' +
        'the fork for BGSAVE then shares Redis’s pages copy-on-write without a commit check (one host-wide setting, for every Redis on the host).\n' +
        "sysctl vm.overcommit_memory=1\necho 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-redis.conf",
    );
  });

  it('says it fixes the cause, and shows the mode as a setting', () => {
    const r = only(runRule(rule, redisHost(0)));
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [['sysctl.overcommit-1', 'fixes']],
    );
    assert.deepEqual(r.evidence[0], { key: 'overcommitMemory', label: 'vm.overcommit_memory', value: '0 (heuristic)', unit: 'text' });
  });

  it('writes no "unknown of Redis pages" when the RSS was not read (snapshot)', () => {
    const report = redisHost(0);
    report.metrics.processes[0].rssBytes = null;
    const r = only(runRule(rule, report));
    assert.equal(
      remediationText(r, 'sysctl.overcommit-1'),
      'Set vm.overcommit_memory = 1 (now 0)\nApply now with `sysctl vm.overcommit_memory=1` and persist it in /etc/sysctl.d/90-redis.conf so a reboot keeps it; ' +
        'the fork for BGSAVE then shares Redis’s pages copy-on-write without a commit check (one host-wide setting, for every Redis on the host).\n' +
        "sysctl vm.overcommit_memory=1\necho 'vm.overcommit_memory = 1' > /etc/sysctl.d/90-redis.conf",
    );
    assert.deepEqual(
      r.evidence.find((e) => e.key === 'rssBytes'),
      { key: 'rssBytes', label: 'Redis RSS', value: null, unit: 'bytes' },
    );
  });

  it('gives two instances of different sizes the same host-wide step, so it is said once', () => {
    const report = withProcess(redisHost(0), {
      subject: 'redis:/usr/bin/redis-server:6380',
      exe: '/usr/bin/redis-server',
      runtimes: [{ kind: 'redis', version: '7.2.4' }],
    });
    report.metrics.processes[1].rssBytes = 3 * 1024 ** 3;
    const hits = runRule(rule, report).filter((r) => r.outcome === 'hit');
    assert.equal(hits.length, 2);
    assert.notDeepEqual(hits[0].evidence, hits[1].evidence);
    assert.deepEqual(hits[0].remediation, hits[1].remediation);
  });

  it('warns for strict overcommit (2) too, and passes with 1', () => {
    assert.equal(only(runRule(rule, redisHost(2))).severity, 'warning');
    assert.equal(only(runRule(rule, redisHost(1))).outcome, 'pass');
  });

  it('is not evaluated when the sysctl is unreadable, and not applicable without Redis', () => {
    assert.equal(only(runRule(rule, redisHost(null))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
