import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { ingestRowOf, ReportsRepository } from '@memfleet/persistence';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { IngestBatcher } from './ingest-batcher';

describe('IngestBatcher on the real PostgreSQL', () => {
  let pool: Pool;
  let reports: ReportsRepository;
  let close: () => Promise<void>;
  const hosts: string[] = [];

  before(async () => {
    const m = await migratedDataSource();
    close = m.close;
    pool = new Pool({ connectionString: m.db.url, max: 4 });
    reports = new ReportsRepository(m.ds);
    for (let i = 0; i < 6; i++)
      hosts.push((await pool.query(`INSERT INTO hosts (machine_id, hostname) VALUES ($1, $2) RETURNING id`, [`m${i}`, `h${i}`])).rows[0].id);
  });
  after(async () => {
    await pool.end();
    await close();
  });

  const row = (hostId: string, sequence: number, sendConfiguration = true) => {
    const r = sampleReport({ machineId: 'x', sequence });
    return ingestRowOf(hostId, r, 'a'.repeat(64), sendConfiguration, null);
  };

  it('stores concurrent reports, one configuration per host, and advances each host to its newest sequence', async () => {
    const batcher = new IngestBatcher((rows) => reports.ingestBatch(rows, pool));
    // Two reports of host 0 in one burst: they must not share a statement, and the newer wins.
    const outcomes = await Promise.all([
      batcher.submit(row(hosts[0], 2)),
      batcher.submit(row(hosts[0], 1)),
      ...hosts.slice(1).map((h) => batcher.submit(row(h, 1))),
    ]);
    assert.ok(outcomes.every((o) => o.reportId && o.configId));
    // host 0's two statements may run at once: either inserts its configuration, the other finds it
    assert.deepEqual(
      outcomes
        .slice(0, 2)
        .map((o) => o.configInserted)
        .sort(),
      [false, true],
    );
    assert.ok(outcomes.slice(2).every((o) => o.configInserted));
    const h0 = (await pool.query(`SELECT last_sequence FROM hosts WHERE id = $1`, [hosts[0]])).rows[0];
    assert.equal(Number(h0.last_sequence), 2);
    assert.equal((await pool.query(`SELECT count(*)::int AS n FROM host_configs`)).rows[0].n, 6);
  });

  it('keeps the other reports of a batch when one row fails', async () => {
    const batcher = new IngestBatcher((rows) => reports.ingestBatch(rows, pool));
    const results = await Promise.allSettled([
      batcher.submit(row(hosts[1], 5, false)),
      batcher.submit(row(randomUUID(), 1)),
      batcher.submit(row(hosts[2], 5, false)),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /foreign key/);
  });
});
