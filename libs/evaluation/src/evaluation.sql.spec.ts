import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport, type RuleResult } from '@memfleet/contracts';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { LOAD_SQL, STORE_SQL, storeParams } from './evaluation.sql';
import { HISTORY_SAMPLES } from './evaluation.service';
import { historySampleOf } from './history-sample';

const result = (subject: string, outcome: RuleResult['outcome'], severity: RuleResult['severity'], ruleId = 'r1'): RuleResult => ({
  ruleId,
  ruleVersion: 1,
  subject,
  outcome,
  severity,
  summary: `${outcome} ${severity ?? ''}`,
  evidence: [{ key: 'vms', label: 'VMs', value: 2304, unit: 'count' }],
  remediation: [],
});

describe('evaluation statements on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let hostId: string;
  let seq = 0;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    [{ id: hostId }] = await ds.query(`INSERT INTO hosts (machine_id, hostname) VALUES ('m1', 'h1') RETURNING id`);
  });
  after(async () => close());

  /** Stores a report row for the host and returns LOAD_SQL's view of it. */
  async function nextReport() {
    seq++;
    const r = sampleReport({ machineId: 'm1', sequence: seq });
    const [cfg] = await ds.query(
      `INSERT INTO host_configs (host_id, config_hash, configuration) VALUES ($1, $2, $3) ON CONFLICT (host_id, config_hash) DO UPDATE SET last_seen_at = now() RETURNING id`,
      [hostId, createHash('sha256').update('c').digest('hex'), JSON.stringify(r.configuration)],
    );
    const [rep] = await ds.query(
      // Reports 20 minutes apart, the latest at a fixed instant: sequence and time rise together. Odd
      // sequences are stored without a history sample, as reports ingested before samples existed.
      `INSERT INTO reports (host_id, config_id, sequence, collected_at, schema_version, agent_version, metrics, sample)
       VALUES ($1, $2, $3::int, timestamptz '2026-11-01 12:00Z' + make_interval(mins => 20 * $3::int), 1, '0.1.0', $4, $5) RETURNING id`,
      [hostId, cfg.id, seq, JSON.stringify(r.metrics), seq % 2 ? null : JSON.stringify(historySampleOf(r))],
    );
    const [row] = await ds.query(LOAD_SQL, [rep.id, HISTORY_SAMPLES]);
    return { reportId: rep.id as string, row };
  }

  async function store(results: RuleResult[], silenced: string[] = []) {
    const { reportId, row } = await nextReport();
    const [out] = await ds.query(STORE_SQL, storeParams(hostId, reportId, seq, 'rev1', results, row.existing ?? [], row.host_version, new Set(silenced)));
    return { reportId, stored: out.stored as number, events: out.events as number };
  }

  const events = async () => (await ds.query(`SELECT kind, subject, severity, previous_severity FROM finding_events ORDER BY id`)).map((e: Record<string, string | null>) => [e.kind, e.subject, e.severity, e.previous_severity]);
  const counts = async () => (await ds.query(`SELECT critical_count, warning_count, info_count FROM hosts WHERE id = $1`, [hostId]))[0];

  it('opens a finding once, records a severity change, and resolves it', async () => {
    assert.equal((await store([result('envoy:a', 'hit', 'warning')])).events, 1);
    assert.equal((await store([result('envoy:a', 'hit', 'warning')])).events, 0, 'an unchanged hit appends nothing');
    await store([result('envoy:a', 'hit', 'critical')]);
    assert.deepEqual(await counts(), { critical_count: 1, warning_count: 0, info_count: 0 });
    await store([result('envoy:a', 'pass', null)]);
    assert.deepEqual(await events(), [
      ['opened', 'envoy:a', 'warning', null],
      ['severity-changed', 'envoy:a', 'critical', 'warning'],
      ['resolved', 'envoy:a', null, 'critical'],
    ]);
    const [f] = await ds.query(`SELECT outcome, opened_at, resolved_at FROM findings WHERE subject = 'envoy:a'`);
    assert.equal(f.outcome, 'pass');
    assert.equal(f.opened_at, null);
    assert.ok(f.resolved_at instanceof Date);
  });

  it('resolves the hit of a vanished process and drops its vanished non-hits', async () => {
    await store([result('envoy:a', 'hit', 'warning'), result('envoy:b', 'pass', null)]);
    const { reportId } = await store([result('', 'not-applicable', null)]);
    const rows = await ds.query(`SELECT subject, outcome, report_id FROM findings WHERE rule_id = 'r1' ORDER BY subject`);
    assert.deepEqual(rows.map((r: { subject: string; outcome: string }) => [r.subject, r.outcome]), [['', 'not-applicable'], ['envoy:a', 'not-applicable']]);
    assert.ok(rows.every((r: { report_id: string }) => r.report_id === reportId));
    assert.deepEqual((await events()).slice(-1), [['resolved', 'envoy:a', null, 'warning']]);
  });

  it('keeps silenced hits recorded but out of the host totals', async () => {
    await store([result('x', 'hit', 'critical', 'r2'), result('y', 'hit', 'warning', 'r3')], ['r2']);
    assert.deepEqual(await counts(), { critical_count: 0, warning_count: 1, info_count: 0 });
    const [f] = await ds.query(`SELECT outcome, silenced FROM findings WHERE rule_id = 'r2'`);
    assert.deepEqual([f.outcome, f.silenced], ['hit', true]);
  });

  it('writes nothing when the host changed between load and store, and nothing for an older sequence', async () => {
    const { reportId, row } = await nextReport();
    await ds.query(`UPDATE hosts SET hostname = hostname WHERE id = $1`, [hostId]); // any write moves the row version
    const before = await ds.query(`SELECT count(*)::int AS n FROM findings`);
    const [out] = await ds.query(STORE_SQL, storeParams(hostId, reportId, seq, 'rev1', [result('new', 'hit', 'info', 'r4')], row.existing ?? [], row.host_version, new Set()));
    assert.equal(out.stored, 0);
    assert.deepEqual(await ds.query(`SELECT count(*)::int AS n FROM findings`), before);
    const [st] = await ds.query(`SELECT status FROM reports WHERE id = $1`, [reportId]);
    assert.equal(st.status, 'queued');
    const [fresh] = await ds.query(LOAD_SQL, [reportId, HISTORY_SAMPLES]);
    const [older] = await ds.query(STORE_SQL, storeParams(hostId, reportId, 1, 'rev1', [result('new', 'hit', 'info', 'r4')], fresh.existing ?? [], fresh.host_version, new Set()));
    assert.equal(older.stored, 0, 'sequence 1 is older than the evaluated sequence');
  });

  it('gives history-aware rules one trimmed sample per half-hour of the last 6 h, oldest first', async () => {
    while (seq < 40) await nextReport();
    const { row } = await nextReport();
    const samples = row.history as { sequence: number; collected_at: string; metrics: { processes: unknown[]; cpuHotplug: unknown } }[];
    // 17 earlier reports in the window fall into 11 or 12 half-hours, depending on where the boundaries lie.
    assert.ok(samples.length >= HISTORY_SAMPLES - 1 && samples.length <= HISTORY_SAMPLES, `${samples.length} samples`);
    const times = samples.map((h) => Date.parse(h.collected_at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const spanHours = (times[times.length - 1] - times[0]) / 3600_000;
    assert.ok(spanHours >= 5 && spanHours < 6, `samples span ${spanHours} h`);
    assert.deepEqual(Object.keys(samples[0].metrics).sort(), ['cpuHotplug', 'processes']);
  });

  it('reads a stored sample and trims a report stored without one to the same history entry', async () => {
    const { row } = await nextReport();
    const samples = row.history as { sequence: number; metrics: unknown; cpu_online: string | null }[];
    const expected = historySampleOf(sampleReport({ machineId: 'm1' }));
    assert.ok(samples.some((h) => h.sequence % 2 === 0) && samples.some((h) => h.sequence % 2 === 1), 'both kinds of report are in the window');
    for (const h of samples) {
      assert.deepEqual(h.metrics, expected.metrics, `sample of report ${h.sequence}`);
      assert.equal(h.cpu_online, expected.cpuOnline);
    }
  });
});
