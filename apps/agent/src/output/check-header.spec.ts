import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { collectionErrorsThatMatter, formatCheckHeader, subjectDescriptions } from './check-header';

const NOW = new Date('2026-11-01T00:00:00Z');

/** A KVM host with one running Redis, one configured one, a plain process, and what could not be read. */
function host(): Report {
  const r = sampleReport({ hostname: 'cache-1' });
  withProcess(r, { subject: 'redis:/usr/bin/redis-server', runtimes: [{ kind: 'redis', version: '7.0.15' }] }); // pid 1000
  withProcess(r, { subject: 'redis:/usr/bin/redis-server@redis-server@b.service', state: 'configured', runtimes: [{ kind: 'redis', version: null }] }); // 1001
  withProcess(r, { subject: 'process:/usr/sbin/sshd' }); // pid 1002
  r.collectionErrors = [
    { source: '/proc/1002/environ', fact: 'process(1002).env', error: 'not readable (needs CAP_SYS_PTRACE or the same user)' },
    { source: '/proc/1002/maps', fact: 'process(1002).allocator', error: "EACCES: permission denied, open '/proc/1002/maps'" },
    { source: '/proc/1000/environ', fact: 'process(1000).env', error: 'not readable (needs CAP_SYS_PTRACE or the same user)' },
    { source: '/dev/kmsg', fact: 'metrics.cpuHotplug', error: "EPERM: operation not permitted, open '/dev/kmsg'" },
  ];
  return r;
}

describe('check header', () => {
  it('names the host first, then kernel, virtualization, runtimes per subject, thresholds, the errors that decide rules', () => {
    const text = formatCheckHeader({
      report: host(),
      thresholds: { source: 'server', server: 'https://memfleet.example', catalogueRevision: 'abc123' },
      localRevision: 'abc123',
      now: NOW,
    });
    assert.equal(
      text,
      [
        'host:           cache-1',
        'kernel:         6.1.0-26-amd64 (x86_64), booted 2026-09-21 14:13 UTC',
        'virtualization: kvm (QEMU Standard PC (Q35 + ICH9, 2009))',
        'runtimes:       Redis 7.0.15 — redis:/usr/bin/redis-server (running)',
        '                Redis (version unknown) — redis:/usr/bin/redis-server@redis-server@b.service (configured)',
        "thresholds:     in force on https://memfleet.example (catalogue abc123, as this agent's)",
        'collection:     /proc/1002/maps (process:/usr/sbin/sshd): permission denied',
        '                /proc/1000/environ (redis:/usr/bin/redis-server): not readable (needs CAP_SYS_PTRACE or the same user)',
        '                /dev/kmsg: operation not permitted',
        '                1 other error reading processes without a recognised runtime',
        'checked at:     2026-11-01 00:00 UTC',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says how old a cached copy is and why it was used, or that the defaults were, and a revision that differs', () => {
    const cache = formatCheckHeader({
      report: sampleReport(),
      thresholds: {
        source: 'cache',
        server: 'https://memfleet.example',
        catalogueRevision: 'old999',
        fetchedAt: '2026-10-31T21:30:00Z',
        why: '--offline asks no server',
      },
      localRevision: 'abc123',
      now: NOW,
    });
    assert.match(
      cache,
      /\nthresholds: {5}cached copy of https:\/\/memfleet\.example's, fetched 2026-10-31 21:30 UTC \(2\.5 h ago; catalogue old999, this agent has abc123: results can differ\), because --offline asks no server\n/,
    );
    assert.match(cache, /\nruntimes: {7}none recognised\n/);
    assert.match(cache, /\ncollection: {5}no errors\n/);
    const defaults = formatCheckHeader({
      report: sampleReport(),
      thresholds: { source: 'defaults', why: 'this host is not enrolled' },
      localRevision: 'abc123',
      now: NOW,
    });
    assert.match(defaults, /\nthresholds: {5}defaults, because this host is not enrolled\n/);
  });

  it('counts the errors a full report list left out, and names at most five', () => {
    const r = sampleReport();
    r.collectionErrors = Array.from({ length: 7 }, (_, i) => ({ source: `/sys/x${i}`, error: 'gone' }));
    r.collectionErrorCount = 10;
    assert.deepEqual(collectionErrorsThatMatter(r), {
      shown: ['/sys/x0: gone', '/sys/x1: gone', '/sys/x2: gone', '/sys/x3: gone', '/sys/x4: gone'],
      hidden: 2,
      minor: 0,
      unlisted: 3,
    });
  });

  it('describes each subject for its results heading', () => {
    assert.deepEqual(
      [...subjectDescriptions(host())],
      [
        ['redis:/usr/bin/redis-server', 'Redis 7.0.15, running, pid 1000'],
        ['redis:/usr/bin/redis-server@redis-server@b.service', 'Redis, configured, pid 1001'],
        ['process:/usr/sbin/sshd', 'running, pid 1002'],
      ],
    );
  });
});
