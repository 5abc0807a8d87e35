import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '@memfleet/contracts';
import { only, remediationText, runRule } from '../../testing/run-rule';
import { processMemoryGrowth as rule } from './process-memory-growth.rule';
import { APP, growth } from './fixtures/growing.fixture';

const run = (rss: number[], thresholds?: Record<string, number>) => {
  const { report, history } = growth(rss);
  return only(runRule(rule, report, { history, thresholds }));
};

describe('process-memory-growth', () => {
  it('is critical for RSS rising 1.0 → 1.6 GiB over 5 hours, with the rate in the remediation', () => {
    const r = run([1024, 1130, 1240, 1350, 1460, 1640]);
    assert.deepEqual([r.subject, r.severity], [APP, 'critical']);
    assert.equal(r.summary, 'RSS grew 60% in 5.0 h (1.00 GiB → 1.60 GiB, 123.20 MiB/h) across 6 reports, rising in 5 of 5 steps.');
    assert.deepEqual(
      r.evidence.map((e) => [e.key, e.value, e.unit]),
      [
        ['firstRssBytes', 1024 * 1024 * 1024, 'bytes'],
        ['lastRssBytes', 1640 * 1024 * 1024, 'bytes'],
        ['growthPercent', 60.1, 'percent'],
        ['growthBytesPerHour', 129_184_563, 'bytes/h'],
        ['spanSeconds', 18_000, 'seconds'],
        ['samples', 6, 'count'],
        ['risingSteps', 5, 'count'],
      ],
    );
    assert.match(
      remediationText(r, 'process.capture-heap-profile'),
      /^Diff two heap snapshots of \/usr\/bin\/leaky-app\n.*another 123\.20 MiB.*gains 2\.89 GiB a day/s,
    );
    assert.match(remediationText(r, 'allocator.replay-trace'), /\(1\.00 GiB → 1\.60 GiB\)/);
    // Both find the cause; neither removes it nor lowers the risk: they diagnose.
    assert.deepEqual(
      r.remediation.map((s) => s.effect),
      ['diagnoses', 'diagnoses'],
    );
  });

  it('warns at exactly 20% growth and passes just under it', () => {
    assert.equal(run([1000, 1050, 1100, 1200]).severity, 'warning');
    const ok = run([1000, 1050, 1100, 1199]);
    assert.deepEqual([ok.subject, ok.outcome], ['', 'pass']);
  });

  it('is critical at exactly 50% and a warning just under', () => {
    assert.equal(run([1000, 1200, 1400, 1500]).severity, 'critical');
    assert.equal(run([1000, 1200, 1400, 1499]).severity, 'warning');
  });

  it('ignores a garbage-collected sawtooth and small absolute growth', () => {
    assert.equal(run([1000, 1600, 900, 1500, 1000, 1700]).outcome, 'pass');
    assert.equal(run([100, 110, 120, 150]).outcome, 'pass', '50% but only 50 MiB');
    // Three of four steps rising is 75%, under the 80% line; lowering the line lets it fire.
    assert.equal(run([1000, 1300, 1200, 1400, 1600]).outcome, 'pass');
    assert.equal(run([1000, 1300, 1200, 1400, 1600], { minRisingStepsPercent: 75 }).severity, 'critical');
  });

  it('uses only the samples inside the window', () => {
    // Nine hourly samples: a 6 h window sees only the flat last seven; 7 h reaches the 800, 8 h the 500.
    const rss = [500, 800, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
    assert.equal(run(rss).outcome, 'pass');
    assert.equal(run(rss, { windowSeconds: 7 * 3600 }).severity, 'warning');
    assert.equal(run(rss, { windowSeconds: 8 * 3600 }).severity, 'critical');
  });

  it('is not evaluated with too few reports, naming how to get them; not applicable without RSS', () => {
    const ne = run([1000, 2000]);
    assert.equal(ne.outcome, 'not-evaluated');
    assert.match(ne.missing?.[0].suppliedBy ?? '', /run --interval/);
    assert.equal(only(runRule(rule, sampleReport())).outcome, 'not-applicable');
  });
});
