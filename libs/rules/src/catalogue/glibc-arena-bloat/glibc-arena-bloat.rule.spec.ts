import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { glibcArenaBloat as rule } from './glibc-arena-bloat.rule';
import { arenaHost, SVC } from './fixtures/arena-hosts.fixture';

describe('glibc-arena-bloat', () => {
  it('warns at 40 uncapped arenas, with the address space and the 8 × cores cap', () => {
    const r = only(runRule(rule, arenaHost(40)));
    assert.deepEqual([r.subject, r.severity], [SVC, 'warning']);
    assert.equal(r.summary, '40 64 MiB arena regions (2.50 GiB of address space, RSS 3.00 GiB) and no MALLOC_ARENA_MAX; glibc allows up to 64 arenas here.');
    assert.match(
      remediationText(r, 'glibc.set-arena-max'),
      /MALLOC_ARENA_MAX=2.*\/usr\/bin\/app-server’s environment.*40 arena regions \(2\.50 GiB of address space\) shrink to at most 2, against a default cap of 64 \(8 × 8 cores\) here/s,
    );
    // The cap removes the arena growth itself; without a known unit the command says what to fill in.
    const step = r.remediation[0];
    assert.deepEqual(
      [step.effect, step.template, step.commands],
      ['fixes', true, ['systemctl edit UNIT  # [Service] Environment=MALLOC_ARENA_MAX=2', 'systemctl restart UNIT']],
    );
    assert.match(step.text, /Replace UNIT with the systemd unit that starts this process \(or set the variable wherever it is started\)\.$/);
    assert.deepEqual(
      r.evidence.map((e) => [e.key, e.value]),
      [
        ['arenas', 40],
        ['reservedBytes', 40 * 64 * 1024 * 1024],
        ['rssBytes', 3 * 1024 ** 3],
        ['arenaCap', 64],
      ],
    );
  });

  it('warns at exactly 16 arenas and gives one host-level pass at 15', () => {
    assert.equal(only(runRule(rule, arenaHost(16))).severity, 'warning');
    const ok = only(runRule(rule, arenaHost(15)));
    assert.deepEqual([ok.subject, ok.outcome], ['', 'pass']);
  });

  it('does not warn on a process below 256 MiB resident however many arenas it maps, and warns at 256 MiB', () => {
    const small = only(runRule(rule, arenaHost(40, {}, 67 * 1024 ** 2)));
    assert.deepEqual([small.subject, small.outcome], ['', 'pass']);
    assert.equal(small.summary, '1 glibc process(es), none with 16+ uncapped arena regions and 256.00 MiB+ resident.');
    assert.equal(only(runRule(rule, arenaHost(40, {}, 256 * 1024 ** 2))).severity, 'warning');
  });

  it('does not warn on address space alone: with the RSS unread it is not evaluated and names the missing RSS', () => {
    const r = only(runRule(rule, arenaHost(40, {}, null)));
    assert.deepEqual([r.subject, r.outcome, r.severity, r.remediation], [SVC, 'not-evaluated', null, []]);
    assert.deepEqual(r.missing, [{ fact: 'metrics.processes[].rssBytes', suppliedBy: 'agent read of VmRSS in /proc/PID/status' }]);
    assert.equal(
      r.summary,
      '40 64 MiB arena regions (2.50 GiB of address space) and no MALLOC_ARENA_MAX, but the RSS is unknown: arenas are address space until used, ' +
        'so whether the process holds the 256.00 MiB resident that would make this a warning cannot be judged.',
    );
    assert.equal(r.evidence.find((e) => e.key === 'rssBytes')?.value, null);
  });

  it('passes a process that caps arenas with MALLOC_ARENA_MAX or GLIBC_TUNABLES', () => {
    assert.equal(only(runRule(rule, arenaHost(40, { MALLOC_ARENA_MAX: '4' }))).outcome, 'pass');
    assert.equal(only(runRule(rule, arenaHost(40, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }))).outcome, 'pass');
  });

  it('is not evaluated when maps were unreadable, and not applicable without glibc processes', () => {
    const ne = only(runRule(rule, arenaHost(null)));
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /SYS_PTRACE/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
