import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { agedReport, dayAgo, partitionOf } from '../testing/partition-fixtures';
import { enrolledHost, evaluatedReport, findingWrite, storedReport } from '../testing/repository-fixtures';
import { AuditsRepository } from './audits.repository';
import { EvaluationRepository } from './evaluation.repository';
import { FindingsRepository } from './findings.repository';
import { ReportPartitionsRepository } from './report-partitions.repository';
import { ReportsRepository } from './reports.repository';
import { uuid7 } from '../uuid7';

const compact = (day: string) => day.replace(/-/g, '');

describe('ReportPartitionsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: ReportPartitionsRepository;
  let reports: ReportsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new ReportPartitionsRepository(ds);
    reports = new ReportsRepository(ds);
  });
  after(async () => close());

  it('has a day partition of reports and samples from today to a week ahead after migrating, and creates further days once', async () => {
    const today = await dayAgo(ds, 0);
    for (const table of ['reports', 'report_samples'] as const) {
      const days = (await repo.days(table)).map((p) => p.day);
      for (let d = 0; d <= 7; d++) assert.ok(days.includes(await dayAgo(ds, -d)), `${table} has day +${d}: ${days.join(' ')}`);
    }
    assert.equal(await repo.ensureAhead(7), 0, 'nothing missing');
    assert.equal(await repo.ensureAhead(9), 4, 'two more days of both tables');
    assert.equal(await repo.ensureAhead(9), 0);
    const h = await enrolledHost(ds);
    const stored = await storedReport(ds, h.id, { sequence: 1 });
    assert.equal(await partitionOf(ds, 'reports', stored.report_id!), `reports_p${compact(today)}`, "a new report lies in today's partition");
    assert.equal(await partitionOf(ds, 'report_samples', stored.report_id!), `report_samples_p${compact(today)}`, 'and so does its sample');
    // The seed script's ids, made in JS, fall in the same day bounds as memfleet_uuid7's.
    const [{ within }] = await ds.query(
      `SELECT $1::uuid >= memfleet_uuid7_floor($2::date::timestamp AT TIME ZONE 'UTC') AND $1::uuid < memfleet_uuid7_floor(($2::date + 1)::timestamp AT TIME ZONE 'UTC') AS within`,
      [uuid7(new Date(Date.now() - 3 * 86_400_000)), await dayAgo(ds, 3)],
    );
    assert.equal(within, true);
  });

  it('keeps a report no day holds in the default partition, and moves it into its day when that day is created', async () => {
    const h = await enrolledHost(ds);
    const id = await agedReport(ds, (await storedReport(ds, h.id, { sequence: 1 })).report_id!, -20, false);
    assert.equal(await partitionOf(ds, 'reports', id), 'reports_default');
    assert.equal(await partitionOf(ds, 'report_samples', id), 'report_samples_default');
    assert.equal(await repo.ensureAhead(20), 2 * 11);
    const day = compact(await dayAgo(ds, -20));
    assert.equal(await partitionOf(ds, 'reports', id), `reports_p${day}`);
    assert.equal(await partitionOf(ds, 'report_samples', id), `report_samples_p${day}`);
    assert.equal((await reports.detail(id))?.id, id, 'found by id where it moved');
  });

  it('moves rows of a past day the default caught (maintenance did not run) into that day, which retention can then drop', async () => {
    const h = await enrolledHost(ds);
    const id = await agedReport(ds, (await storedReport(ds, h.id, { sequence: 1 })).report_id!, 9, false);
    assert.equal(await partitionOf(ds, 'reports', id), 'reports_default');
    assert.ok((await repo.ensureAhead(7)) >= 2);
    const day = compact(await dayAgo(ds, 9));
    assert.equal(await partitionOf(ds, 'reports', id), `reports_p${day}`);
    assert.equal(await partitionOf(ds, 'report_samples', id), `report_samples_p${day}`);
  });

  it("drops whole days past retention, keeping each host's latest report and configuration, the findings' evidence and audits", async () => {
    await ds.query(`DELETE FROM hosts`);
    const evidence = [{ key: 'vms', label: 'VMs', value: 2304, unit: 'count' as const }];
    const hit = findingWrite('r1', '', 'hit', 'critical', { evidence });
    // An active host: two reports 40 days old and one of today. A silent host: its one report is 40 days old.
    const active = await enrolledHost(ds);
    const silent = await enrolledHost(ds);
    const oldActive = [
      await agedReport(ds, await evaluatedReport(ds, active.id, 1, [hit]), 40),
      await agedReport(ds, (await storedReport(ds, active.id, { sequence: 2 })).report_id!, 40),
    ];
    const latestActive = (await storedReport(ds, active.id, { sequence: 3 })).report_id!;
    const silentOld = await agedReport(ds, await evaluatedReport(ds, silent.id, 1, [hit], sampleReport({ sequence: 1, hostname: 'silent' })), 40);
    const before = { silent: await reports.latestOfHost(silent.id), active: await reports.latestOfHost(active.id) };
    const findings = new FindingsRepository(ds);
    const findingsBefore = { silent: await findings.ofHost(silent.id), active: await findings.ofHost(active.id) };
    const audits = new AuditsRepository(ds);
    const auditId = await audits.create({ scope: {}, trigger: 'manual', scheduleId: null, requestedBy: 'test', formats: ['json'], destinationIds: [] });
    assert.equal(await audits.start(auditId, 1), true);
    await audits.snapshotHits(auditId);
    const hitsOf = async () => {
      const out = [];
      for await (const h of audits.hits(auditId)) out.push(h);
      return out;
    };
    const auditBefore = { hits: await hitsOf(), fleet: await audits.fleet(auditId) };
    assert.equal(auditBefore.hits.length, 2, 'the audit holds both hosts’ hits');

    const old = await dayAgo(ds, 40);
    assert.deepEqual(await repo.dropOlderThan('reports', 41), [], 'a day within retention stays');
    assert.deepEqual(await repo.dropOlderThan('reports', 30), [old]);
    assert.ok(!(await repo.days('reports')).some((p) => p.day <= old), 'the day and those before it are gone');
    assert.deepEqual(await repo.dropOlderThan('reports', 30), [], 'once');
    for (const id of [...oldActive, silentOld]) assert.equal(await reports.detail(id), null, `report ${id} went with its day`);

    const silentNow = (await ds.query(`SELECT latest_report_id AS id FROM hosts WHERE id = $1`, [silent.id]))[0].id as string;
    assert.notEqual(silentNow, silentOld, "the silent host's latest report was carried into a kept partition");
    assert.equal(await partitionOf(ds, 'reports', silentNow), `reports_p${compact(await dayAgo(ds, 0))}`);
    const after = { silent: await reports.latestOfHost(silent.id), active: await reports.latestOfHost(active.id) };
    assert.deepEqual({ ...after.silent, id: null }, { ...before.silent, id: null }, 'the same report and configuration');
    assert.deepEqual(after.active, before.active);
    assert.equal((await new EvaluationRepository(ds).load(silentNow, 12))?.sequence, '1', 'the carried report can be evaluated again');
    assert.equal(
      (await ds.query(`SELECT count(*)::int AS n FROM reports WHERE host_id = $1`, [active.id]))[0].n,
      1,
      "the active host's old reports are gone, its latest stays",
    );
    assert.equal(latestActive, before.active!.id);

    const findingsAfter = { silent: await findings.ofHost(silent.id), active: await findings.ofHost(active.id) };
    assert.deepEqual(findingsAfter, findingsBefore, 'findings show what they showed');
    assert.deepEqual(findingsAfter.active[0].evidence, evidence);
    const links: { host_id: string; report_id: string | null }[] = await ds.query(`SELECT host_id, report_id FROM findings`);
    assert.deepEqual(links.find((l) => l.host_id === silent.id)?.report_id, silentNow, "the silent host's finding follows its carried report");
    assert.equal(links.find((l) => l.host_id === active.id)?.report_id, null, "a finding's link into a dropped day is empty");
    assert.deepEqual((await findings.ofReportHost(silentNow)).length, 1);
    assert.deepEqual({ hits: await hitsOf(), fleet: await audits.fleet(auditId) }, auditBefore, 'the audit is unchanged');
  });

  it('drops history samples by their own retention, and history loads read only the samples kept', async () => {
    await ds.query(`DELETE FROM hosts`);
    const h = await enrolledHost(ds);
    const old = await agedReport(ds, (await storedReport(ds, h.id, { sequence: 1 })).report_id!, 20);
    const old20 = await dayAgo(ds, 20);
    const kept = await agedReport(ds, (await storedReport(ds, h.id, { sequence: 2 })).report_id!, 2);
    assert.ok((await repo.dropOlderThan('report_samples', 14)).includes(await dayAgo(ds, 20)));
    assert.ok(!(await repo.days('report_samples')).some((p) => p.day <= old20), 'no sample day past retention is left');
    assert.equal(await partitionOf(ds, 'report_samples', old), null, 'the old sample went with its day');
    assert.ok(await partitionOf(ds, 'report_samples', kept));
    assert.ok(await reports.detail(old), 'the full report stays for its own retention');
    const load = new EvaluationRepository(ds);
    assert.equal((await load.load(old, 12))?.sequence, '1', 'a report whose sample is gone still loads');
    assert.equal((await load.load(kept, 12))?.history, null, 'with no earlier sample kept');
  });

  it('waits only briefly for the lock while a long read holds reports, so ingest is not held up behind the drop, and drops once the read ends', async () => {
    await ds.query(`DELETE FROM hosts`);
    const h = await enrolledHost(ds);
    await agedReport(ds, (await storedReport(ds, h.id, { sequence: 1 })).report_id!, 40);
    await storedReport(ds, h.id, { sequence: 2 });
    const day = await dayAgo(ds, 40);
    const reader = ds.createQueryRunner();
    await reader.connect();
    await reader.startTransaction();
    await reader.query(`SELECT count(*) FROM reports`); // holds a lock on reports until it ends
    const drop = repo.dropDay('reports', day);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await storedReport(ds, h.id, { sequence: 3 });
    // a drop that waited 10 s for its lock held every insert that long
    assert.ok(Date.now() - started < 5000, `an insert waited ${Date.now() - started} ms behind the drop`);
    assert.ok(
      (await repo.days('reports')).some((p) => p.day === day),
      'not dropped while the read runs',
    );
    await reader.commitTransaction();
    await reader.release();
    await drop;
    assert.ok(!(await repo.days('reports')).some((p) => p.day === day), 'dropped once the read ended');
  });
});
