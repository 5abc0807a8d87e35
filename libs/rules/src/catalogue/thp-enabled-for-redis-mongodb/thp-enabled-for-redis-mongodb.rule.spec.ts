import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { thpEnabledForRedisMongodb as rule } from './thp-enabled-for-redis-mongodb.rule';
import { REDIS, thpHost } from './fixtures/thp-hosts.fixture';

describe('thp-enabled-for-redis-mongodb', () => {
  it('warns for Redis with THP always and renders the madvise command with how to persist it', () => {
    const r = only(runRule(rule, thpHost('always', { kind: 'redis', version: '7.2.4' })));
    assert.deepEqual([r.subject, r.severity], [REDIS, 'warning']);
    assert.match(
      remediationText(r, 'thp.set-madvise'),
      /^Set transparent huge pages to madvise \(now always\)\n`echo madvise > \/sys\/kernel\/mm\/transparent_hugepage\/enabled` now; persist it with the kernel parameter `transparent_hugepage=madvise`.*Redis 7\.2\.4 then/s,
    );
  });

  it('says each step fixes the cause, and leaves no gap for an unknown Redis version (snapshot)', () => {
    const r = only(runRule(rule, thpHost('always', { kind: 'redis', version: null })));
    assert.deepEqual(
      r.remediation.map((s) => [s.key, s.effect]),
      [['thp.set-madvise', 'fixes']],
    );
    assert.equal(
      r.remediation[0].text,
      '`echo madvise > /sys/kernel/mm/transparent_hugepage/enabled` now; persist it with the kernel parameter `transparent_hugepage=madvise` ' +
        '(GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) or a oneshot systemd unit that writes it at boot. ' +
        'Redis then gets no huge pages unless it asks, and forks stop copying 2 MiB pages.',
    );
    assert.equal(only(runRule(rule, thpHost('always', { kind: 'mongodb', version: '7.0.14' }))).remediation[0].effect, 'fixes');
  });

  it('passes Redis with madvise or never', () => {
    assert.equal(only(runRule(rule, thpHost('madvise', { kind: 'redis', version: '7.2.4' }))).outcome, 'pass');
    assert.equal(only(runRule(rule, thpHost('never', { kind: 'redis', version: '7.2.4' }))).outcome, 'pass');
  });

  it('splits MongoDB at 8.0: 7.0 with always warns, 8.0 with never is info, 8.0 with always passes', () => {
    const old = only(runRule(rule, thpHost('always', { kind: 'mongodb', version: '7.0.14' })));
    assert.equal(old.severity, 'warning');
    assert.match(remediationText(old, 'thp.disable-for-mongodb'), /^Disable transparent huge pages for MongoDB 7\.0\.14 \(now always\)\n`echo never >/);
    assert.equal(only(runRule(rule, thpHost('madvise', { kind: 'mongodb', version: '7.0.14' }))).outcome, 'pass');
    const info = only(runRule(rule, thpHost('never', { kind: 'mongodb', version: '8.0.0' })));
    assert.deepEqual([info.severity, info.summary], ['info', 'THP is never; MongoDB 8.0.0 (≥ 8.0) recommends enabling it.']);
    assert.match(remediationText(info, 'thp.enable-for-mongodb-8'), /transparent_hugepage=always/);
    assert.equal(only(runRule(rule, thpHost('always', { kind: 'mongodb', version: '8.0.0' }))).outcome, 'pass');
  });

  it('is not evaluated without the THP mode or the MongoDB version, and not applicable without either runtime', () => {
    assert.equal(only(runRule(rule, thpHost(null, { kind: 'redis', version: '7.2.4' }))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, thpHost('always', { kind: 'mongodb', version: null }))).outcome, 'not-evaluated');
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
