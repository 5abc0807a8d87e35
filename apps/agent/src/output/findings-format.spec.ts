import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleResult } from '@memfleet/contracts';
import { exitCodeFor, formatFindings, jsonFindings } from './findings-format';

const result = (severity: RuleResult['severity'], outcome: RuleResult['outcome'] = 'hit'): RuleResult => ({
  ruleId: `r-${severity}`,
  ruleVersion: 1,
  subject: 'envoy:/usr/local/bin/envoy',
  outcome,
  severity,
  summary: 'something fired',
  evidence: [{ key: 'vms', label: 'V8 VMs', value: 2304, unit: 'count' }],
  remediation: [
    { key: 'envoy.set-concurrency', title: 'Set --concurrency', text: 'use --concurrency 16', effect: 'fixes', commands: ['envoy --concurrency 16'] },
  ],
});

const overcommit = (subject: string, rss: number | null): RuleResult => ({
  ruleId: 'redis-overcommit-bgsave',
  ruleVersion: 2,
  subject,
  outcome: 'hit',
  severity: 'warning',
  summary: 'vm.overcommit_memory=0: the fork for BGSAVE may be refused.',
  evidence: [
    { key: 'overcommit', label: 'vm.overcommit_memory', value: 0, unit: 'count' },
    { key: 'rss', label: 'Redis RSS', value: rss, unit: 'bytes' },
  ],
  remediation: [
    {
      key: 'redis.overcommit-1',
      title: 'Set vm.overcommit_memory = 1',
      text: 'Apply now and persist it.',
      commands: ['sysctl vm.overcommit_memory=1'],
      effect: 'fixes',
    },
    {
      key: 'redis.restart',
      title: 'Restart Redis',
      text: `Restart the unit that starts ${subject}: replace UNIT with its name.`,
      commands: ['systemctl restart UNIT'],
      effect: 'mitigates',
      template: true,
    },
  ],
});

describe('findings-format', () => {
  it('exits 0 when nothing fires, 1 on a warning, 2 on a critical', () => {
    assert.equal(exitCodeFor([result('critical', 'pass'), result(null, 'not-evaluated')]), 0);
    assert.equal(exitCodeFor([result('info')]), 0);
    assert.equal(exitCodeFor([result('warning'), result('info')]), 1);
    assert.equal(exitCodeFor([result('warning'), result('critical')]), 2);
  });

  it('groups results per subject, host-level ones under "host", hits worst first, then what could not be judged', () => {
    const text = formatFindings(
      [
        result('warning'),
        result('critical'),
        { ...result(null, 'not-evaluated'), missing: [{ fact: 'envoy.wasmPluginCount', suppliedBy: 'a declaration' }] },
        {
          ...result('info'),
          ruleId: 'thp',
          subject: '',
          evidence: [
            { key: 'mem', label: 'MemTotal', value: 2_101_248_000, unit: 'bytes' },
            { key: 'start', label: 'Process started (s since boot)', value: 10, unit: 'seconds' },
            { key: 'cpus', label: 'Online', value: 4, unit: 'cpus' },
            { key: 'x', label: 'Unread', value: null, unit: 'bytes' },
          ],
          remediation: [],
        },
        result('critical', 'pass'),
      ],
      { subjects: new Map([['envoy:/usr/local/bin/envoy', 'Envoy 1.25.9, running, pid 42']]), bootTimeEpochSeconds: Date.UTC(2026, 10, 30, 8, 0, 50) / 1000 },
    );
    assert.equal(
      text,
      [
        'host',
        '  INFO thp',
        '    something fired',
        '    - MemTotal: 1.96 GiB (2,101,248,000 B)',
        '    - Process started (s since boot): 2026-11-30 08:01 UTC, 10 s after boot',
        '    - Online: 4 CPUs',
        '    - Unread: unknown',
        '',
        'envoy:/usr/local/bin/envoy (Envoy 1.25.9, running, pid 42)',
        '  CRITICAL r-critical',
        '    something fired',
        '    - V8 VMs: 2,304',
        '    1. [fixes] Set --concurrency — use --concurrency 16',
        '         $ envoy --concurrency 16',
        '  WARNING r-warning',
        '    something fired',
        '    - V8 VMs: 2,304',
        '    1. [fixes] Set --concurrency — use --concurrency 16',
        '         $ envoy --concurrency 16',
        '  not evaluated r-null: missing envoy.wasmPluginCount (supplied by a declaration)',
        '',
        '3 finding(s), 1 passed, 1 not evaluated.',
        '',
      ].join('\n'),
    );
  });

  it('says a remediation step several instances share once, naming them, with its effect and a template marked', () => {
    const text = formatFindings([overcommit('redis:/usr/bin/redis-server#6379', 7_213_056), overcommit('redis:/usr/bin/redis-server#6380', null)]);
    assert.equal(
      text,
      [
        'redis:/usr/bin/redis-server#6379',
        '  WARNING redis-overcommit-bgsave',
        '    vm.overcommit_memory=0: the fork for BGSAVE may be refused.',
        '    - vm.overcommit_memory: 0',
        '    - Redis RSS: 6.88 MiB (7,213,056 B)',
        '    2. [mitigates] Restart Redis — Restart the unit that starts redis:/usr/bin/redis-server#6379: replace UNIT with its name.',
        '         template: put in what the part in capitals stands for, as the step says',
        '         $ systemctl restart UNIT',
        '    remediation: see "redis-overcommit-bgsave affects 2 Redis instances" below',
        '',
        'redis:/usr/bin/redis-server#6380',
        '  WARNING redis-overcommit-bgsave',
        '    vm.overcommit_memory=0: the fork for BGSAVE may be refused.',
        '    - vm.overcommit_memory: 0',
        '    - Redis RSS: unknown',
        '    2. [mitigates] Restart Redis — Restart the unit that starts redis:/usr/bin/redis-server#6380: replace UNIT with its name.',
        '         template: put in what the part in capitals stands for, as the step says',
        '         $ systemctl restart UNIT',
        '    remediation: see "redis-overcommit-bgsave affects 2 Redis instances" below',
        '',
        'redis-overcommit-bgsave affects 2 Redis instances (redis:/usr/bin/redis-server#6379, redis:/usr/bin/redis-server#6380); once for all of them:',
        '  1. [fixes] Set vm.overcommit_memory = 1 — Apply now and persist it.',
        '       $ sysctl vm.overcommit_memory=1',
        '',
        '2 finding(s), 0 passed, 0 not evaluated.',
        '',
      ].join('\n'),
    );
  });

  it('lists instances in natural order, not scan order: :6379 before :6380 before :10000', () => {
    const subject = (port: number) => `redis:/usr/bin/redis-server|:${port}`;
    const text = formatFindings([overcommit(subject(10000), 1024), overcommit(subject(6380), 1024), overcommit(subject(6379), 1024)]);
    const headings = text.split('\n').filter((l) => l.startsWith('redis:'));
    assert.deepEqual(headings, [subject(6379), subject(6380), subject(10000)]);
    assert.ok(text.includes(`affects 3 Redis instances (${subject(6379)}, ${subject(6380)}, ${subject(10000)}); once for all of them:`), text);
  });

  it('keeps the steps of a single instance with its finding', () => {
    const text = formatFindings([overcommit('redis:/usr/bin/redis-server', 1024)]);
    assert.match(text, /\n {4}1\. \[fixes\] Set vm\.overcommit_memory = 1 — Apply now and persist it\.\n {9}\$ sysctl vm\.overcommit_memory=1\n/);
    assert.doesNotMatch(text, /affects|see "/);
  });

  it('gives check --json the fields it promises', () => {
    assert.deepEqual(Object.keys(jsonFindings([result('warning')])[0]).sort(), [
      'evidence',
      'outcome',
      'remediation',
      'ruleId',
      'ruleVersion',
      'severity',
      'subject',
      'summary',
    ]);
  });
});
