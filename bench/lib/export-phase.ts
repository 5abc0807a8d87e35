import { to as copyTo } from 'pg-copy-streams';
import type { Client } from 'pg';
import { AUDIT_FORMATS } from '@memfleet/contracts';
import { FINDING_SELECT } from '../../libs/persistence/src/repositories/sql-fragments';
import { download } from './download';

const log = (s: string) => console.log(`[bench:audit] ${s}`);

/** Bare COPY of the same findings the export selects, as CSV: the floor of the findings export. */
async function copyFloor(pg: Client, outcome: string): Promise<{ rows: number; ms: number; bytes: number }> {
  const t0 = performance.now();
  const stream = pg.query(
    copyTo(
      `COPY (SELECT ${FINDING_SELECT} FROM findings f JOIN hosts h ON h.id = f.host_id WHERE h.retired_at IS NULL AND f.outcome = '${outcome}' ORDER BY f.id) TO STDOUT WITH CSV`,
    ),
  );
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return { rows: stream.rowCount ?? 0, ms: performance.now() - t0, bytes };
}

/** Each export of the audit through the API, then the findings export (hits, and the larger not-applicable set) against bare COPY. */
export async function measureExports(apiUrl: string, token: string, auditId: string, pg: Client): Promise<Record<string, unknown>> {
  const audit: Record<string, unknown> = {};
  for (const format of AUDIT_FORMATS) {
    const d = await download(`${apiUrl}/api/v1/audits/${auditId}/export?format=${format}`, token);
    if (d.status !== 200) throw new Error(`audit export ${format} answered ${d.status}`);
    audit[format] = { bytes: d.bytes, ms: Math.round(d.ms) };
    log(`audit export ${format}: ${(d.bytes / 1024).toFixed(0)} KiB in ${(d.ms / 1000).toFixed(2)} s`);
  }
  const findings: Record<string, unknown> = {};
  for (const outcome of ['hit', 'not-applicable']) {
    const d = await download(`${apiUrl}/api/v1/findings/export?format=csv&outcome=${outcome}`, token);
    if (d.status !== 200) throw new Error(`findings export answered ${d.status}`);
    const rows = d.lines - 1; // the header; a quoted multi-line cell would over-count, so the floor's row count is the truth
    const floor = await copyFloor(pg, outcome);
    findings[outcome] = {
      rows: floor.rows,
      exportMs: Math.round(d.ms),
      exportBytes: d.bytes,
      exportRowsPerSecond: Math.round(floor.rows / (d.ms / 1000)),
      bareCopyMs: Math.round(floor.ms),
      bareCopyRowsPerSecond: Math.round(floor.rows / (floor.ms / 1000)),
      csvLines: rows,
    };
    log(
      `findings export (outcome=${outcome}) as CSV: ${floor.rows} rows in ${(d.ms / 1000).toFixed(1)} s = ${Math.round(floor.rows / (d.ms / 1000))} rows/s; bare COPY ${(floor.ms / 1000).toFixed(1)} s = ${Math.round(floor.rows / (floor.ms / 1000))} rows/s`,
    );
  }
  return { audit, findings };
}
