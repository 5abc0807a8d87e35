import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { dataSourceOptions, EvaluationRepository, historySampleOf, MIGRATIONS, ReportsRepository, runMigrationsWithLock } from '@memfleet/persistence';
import { configHashOf, storedReport } from '../libs/persistence/src/testing/repository-fixtures';
import { startEmbeddedPostgres } from '@memfleet/platform';
import { createThrowawayDatabase } from '../test/helpers/throwaway-db';
import { PartitionedReports1764345600000 } from './1764345600000-PartitionedReports';

/** A sample as ingest stored it when this migration was written: the chart-only series (host, aeron) came later. */
function sampleBeforeCharts(report: Parameters<typeof historySampleOf>[0]): Omit<ReturnType<typeof historySampleOf>, 'host' | 'aeron'> {
  const { host: _host, aeron: _aeron, ...sample } = historySampleOf(report);
  return sample;
}

const HOSTS = 3;
const REPORTS_PER_HOST = 4;

interface Counts {
  reports: number;
  samples: number;
  hostsWithLatest: number;
  findingsLinked: number;
  eventsLinked: number;
}

interface Backend {
  name: string;
  poolSize: number;
  open(): Promise<{ url: string; drop(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  { name: 'PostgreSQL', poolSize: 2, open: createThrowawayDatabase },
  {
    // Embedded mode runs the same migration on PGlite, one connection.
    name: 'embedded PGlite',
    poolSize: 1,
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-partitioned-'));
      const pg = await startEmbeddedPostgres(dir);
      return {
        url: pg.url,
        async drop() {
          await pg.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const backend of BACKENDS)
  describe(`migration PartitionedReports on ${backend.name}: an existing installation converted, nothing lost`, { timeout: 120_000 }, () => {
    let db: { url: string; drop(): Promise<void> };
    let ds: DataSource;
    let before_: Counts;
    /** Per host, what its latest report was before: its sequence and metrics. */
    const latestBefore = new Map<string, { sequence: number; metrics: unknown; idempotencyKey: string }>();
    const hostIds: string[] = [];

    const counts = async (samples: string): Promise<Counts> => {
      const [c] = await ds.query(`SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM ${samples}) AS samples,
             (SELECT count(*)::int FROM hosts h JOIN reports r ON r.id = h.latest_report_id) AS "hostsWithLatest",
             (SELECT count(*)::int FROM findings f JOIN reports r ON r.id = f.report_id) AS "findingsLinked",
             (SELECT count(*)::int FROM finding_events e JOIN reports r ON r.id = e.report_id) AS "eventsLinked"`);
      return c;
    };

    before(async () => {
      db = await backend.open();
      const previous = MIGRATIONS.slice(0, MIGRATIONS.indexOf(PartitionedReports1764345600000));
      ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: backend.poolSize }), migrations: previous });
      await ds.initialize();
      await runMigrationsWithLock(ds);
      // The previous schema, written directly: random (v4) report ids, reports.sample, some reports from before samples existed.
      for (let h = 0; h < HOSTS; h++) {
        const report = sampleReport({ sequence: 1, hostname: `old-${h}` });
        const [host] = await ds.query(`INSERT INTO hosts (machine_id, hostname, labels) VALUES ($1, $2, '{"env":"test"}') RETURNING id`, [
          randomUUID(),
          `old-${h}`,
        ]);
        hostIds.push(host.id);
        const [cfg] = await ds.query(`INSERT INTO host_configs (host_id, config_hash, configuration) VALUES ($1, $2, $3) RETURNING id`, [
          host.id,
          configHashOf(report),
          JSON.stringify(report.configuration),
        ]);
        let latest = '';
        for (let s = 1; s <= REPORTS_PER_HOST; s++) {
          const key = `key-${h}-${s}`;
          // Host 0's reports arrived days apart; a third stored no sample.
          const daysAgo = h === 0 ? REPORTS_PER_HOST - s : 0;
          const sample = s % 3 === 1 ? null : JSON.stringify(sampleBeforeCharts(report));
          const [r] = await ds.query(
            `INSERT INTO reports (host_id, config_id, sequence, collected_at, received_at, schema_version, agent_version, idempotency_key, metrics, sample, status)
           VALUES ($1, $2, $3, $4, now() - make_interval(days => $5), 2, '1', $6, $7, $8, 'evaluated') RETURNING id`,
            [host.id, cfg.id, s, report.collectedAt, daysAgo, key, JSON.stringify(report.metrics), sample],
          );
          latest = r.id;
          latestBefore.set(host.id, { sequence: s, metrics: report.metrics, idempotencyKey: key });
        }
        await ds.query(`UPDATE hosts SET latest_report_id = $2, latest_config_id = $3, last_sequence = $4 WHERE id = $1`, [
          host.id,
          latest,
          cfg.id,
          REPORTS_PER_HOST,
        ]);
        // One finding names the latest report, one a report pruned long ago; an event for each.
        for (const [rule, reportId] of [
          ['r1', latest],
          ['r2', randomUUID()],
        ]) {
          const [f] = await ds.query(
            `INSERT INTO findings (host_id, rule_id, outcome, severity, rule_version, summary, evidence, report_id)
           VALUES ($1, $2, 'hit', 'warning', 1, 's', '[{"key":"vms","value":3}]', $3) RETURNING id`,
            [host.id, rule, reportId],
          );
          await ds.query(`INSERT INTO finding_events (finding_id, host_id, rule_id, kind, severity, report_id) VALUES ($1, $2, $3, 'opened', 'warning', $4)`, [
            f.id,
            host.id,
            rule,
            reportId,
          ]);
        }
      }
      before_ = await counts(`reports`); // every report has (or is trimmed to) one sample
      await ds.destroy();
      // PGlite's socket server serves one session, and frees it a moment after the client has closed it.
      if (backend.poolSize === 1) await new Promise((r) => setTimeout(r, 500));
      ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: backend.poolSize }));
      await ds.initialize();
      const ran = await runMigrationsWithLock(ds);
      assert.equal(ran[0], 'PartitionedReports1764345600000');
    });
    after(async () => {
      await ds?.destroy();
      await db?.drop();
    });

    it('keeps every report, gives each a sample, and repoints every link that named a stored report', async () => {
      assert.deepEqual(before_, {
        reports: HOSTS * REPORTS_PER_HOST,
        samples: HOSTS * REPORTS_PER_HOST,
        hostsWithLatest: HOSTS,
        findingsLinked: HOSTS,
        eventsLinked: HOSTS,
      });
      assert.deepEqual(await counts('report_samples'), before_);
      const [{ dangling }] = await ds.query(
        `SELECT count(*)::int AS dangling FROM findings WHERE report_id IS NOT NULL AND report_id NOT IN (SELECT id FROM reports)`,
      );
      assert.equal(dangling, 0, 'a link to a report pruned before is empty');
      assert.equal((await ds.query(`SELECT count(*)::int AS n FROM findings WHERE report_id IS NULL`))[0].n, HOSTS);
      assert.equal((await ds.query(`SELECT to_regclass('reports_legacy') AS t`))[0].t, null);
    });

    it("gives each report a UUIDv7 of its arrival, in its day's partition", async () => {
      const rows: { id: string; received: string; part: string; day: string }[] = await ds.query(
        `SELECT id, received_at::text AS received, tableoid::regclass::text AS part, to_char(received_at AT TIME ZONE 'UTC', 'YYYYMMDD') AS day FROM reports`,
      );
      assert.equal(new Set(rows.map((r) => r.day)).size, REPORTS_PER_HOST, 'host 0 spread its reports over days');
      for (const r of rows) {
        assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'version 7');
        assert.equal(r.part, `reports_p${r.day}`);
      }
      const samples: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM report_samples s JOIN reports r ON r.id = s.report_id
        WHERE s.tableoid::regclass::text = 'report_samples_p' || to_char(r.received_at AT TIME ZONE 'UTC', 'YYYYMMDD')
          AND (s.host_id, s.epoch, s.sequence, s.collected_at) = (r.host_id, r.epoch, r.sequence, r.collected_at)`,
      );
      assert.equal(samples[0].n, HOSTS * REPORTS_PER_HOST, 'each sample beside its report, in the same day');
    });

    it('trims the sample of a report stored without one to what ingest stored then, and loads the history from them', async () => {
      const expected = sampleBeforeCharts(sampleReport({ sequence: 1 }));
      const samples: { sample: unknown }[] = await ds.query(`SELECT sample FROM report_samples`);
      for (const s of samples) assert.deepEqual(s.sample, JSON.parse(JSON.stringify(expected)));
      const hostId = hostIds[1];
      const [{ id }] = await ds.query(`SELECT latest_report_id AS id FROM hosts WHERE id = $1`, [hostId]);
      const row = await new EvaluationRepository(ds).load(id, 12);
      assert.equal(row?.sequence, String(REPORTS_PER_HOST));
      assert.ok(row?.history?.length, 'earlier samples are read');
    });

    it("keeps each host's latest report and its Idempotency-Keys: a replay after the migration stores nothing", async () => {
      const reports = new ReportsRepository(ds);
      for (const hostId of hostIds) {
        const was = latestBefore.get(hostId)!;
        const latest = await reports.latestOfHost(hostId);
        assert.deepEqual([latest?.sequence, latest?.metrics], [was.sequence, was.metrics]);
        const prior = await reports.byIdempotencyKey(hostId, was.idempotencyKey);
        assert.equal(prior?.id, latest?.id);
        const replay = await storedReport(ds, hostId, { sequence: was.sequence, idempotencyKey: was.idempotencyKey });
        assert.equal(replay.report_id, null, 'the key is known');
      }
      const fresh = await storedReport(ds, hostIds[0], { sequence: REPORTS_PER_HOST + 1, idempotencyKey: 'new' });
      assert.match(fresh.report_id!, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'new reports get UUIDv7 ids');
    });
  });
