// Earlier reports for every host, written through the ingest statement with bare pg and marked
// evaluated, so a benchmark's evaluation loads the history window a long-running host has.
import { Pool } from 'pg';
import { INGEST_BATCH_SQL } from '@memfleet/persistence';
import { configHashOf, ingestRow } from './bare-pg';
import { hostReport } from './ingest-reports';

/** Stores sequences from..to of hosts 0..hosts-1 (configuration variant 0), already evaluated. */
export async function seedHistory(url: string, hosts: number, from: number, to: number, log: (s: string) => void): Promise<void> {
  log(`seeding history: ${to - from + 1} earlier reports per host, through bare pg`);
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on('error', (err) => log(`  seeding: an idle connection ended: ${err.message}`));
  try {
    const ids = new Map((await pool.query(`SELECT id, machine_id FROM hosts`)).rows.map((r) => [r.machine_id as string, r.id as string]));
    const hashes = new Map<number, string>();
    for (let seq = from; seq <= to; seq++) {
      await Promise.all(
        [0, 1].map(async (half) => {
          const rows = [];
          for (let h = half; h < hosts; h += 2) {
            const r = hostReport(h, seq, 0);
            if (!hashes.has(h)) hashes.set(h, configHashOf(r));
            // The configuration is already stored (each host's first report): as the API, send it only once.
            rows.push(ingestRow(ids.get(r.identity.machineId)!, r, true, hashes.get(h)));
          }
          for (let i = 0; i < rows.length; i += 200) await pool.query(INGEST_BATCH_SQL, [JSON.stringify(rows.slice(i, i + 200))]);
        }),
      );
    }
    await pool.query(`UPDATE reports SET status = 'evaluated', evaluated_at = now() WHERE sequence BETWEEN $1 AND $2`, [from, to]);
    await pool.query(`VACUUM ANALYZE`); // autovacuum keeps a live server in this state
  } finally {
    await pool.end();
  }
}
