import type { DataSource } from 'typeorm';

/** The day (UTC, YYYY-MM-DD) `daysAgo` days before now; negative: ahead. */
export async function dayAgo(ds: DataSource, daysAgo: number): Promise<string> {
  const [{ day }]: { day: string }[] = await ds.query(`SELECT to_char(((now() - make_interval(days => $1)) AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day`, [
    daysAgo,
  ]);
  return day;
}

/** Creates the day partitions of both tables for the day `daysAgo` days ago. */
export async function ensureDay(ds: DataSource, daysAgo: number): Promise<void> {
  const day = await dayAgo(ds, daysAgo);
  for (const t of ['reports', 'report_samples']) await ds.query(`SELECT memfleet_ensure_day_partitions($1, $2::date, $2::date)`, [t, day]);
}

/**
 * Makes a stored report look received `daysAgo` days ago: a UUIDv7 of that time (so it moves into that
 * day's partition, or the default one when `ensure` is false and the day has none), received_at to match,
 * and every reference to it rewritten. Returns the new id.
 */
export async function agedReport(ds: DataSource, reportId: string, daysAgo: number, ensure = true): Promise<string> {
  if (ensure) await ensureDay(ds, daysAgo);
  const [{ id }]: { id: string }[] = await ds.query(`SELECT memfleet_uuid7(now() - make_interval(days => $1)) AS id`, [daysAgo]);
  await ds.query(`UPDATE reports SET id = $2, received_at = now() - make_interval(days => $3) WHERE id = $1`, [reportId, id, daysAgo]);
  await ds.query(`UPDATE report_samples SET report_id = $2 WHERE report_id = $1`, [reportId, id]);
  await ds.query(`UPDATE hosts SET latest_report_id = $2 WHERE latest_report_id = $1`, [reportId, id]);
  await ds.query(`UPDATE findings SET report_id = $2 WHERE report_id = $1`, [reportId, id]);
  await ds.query(`UPDATE finding_events SET report_id = $2 WHERE report_id = $1`, [reportId, id]);
  return id;
}

/** The partition a report's row lies in. */
export async function partitionOf(ds: DataSource, table: 'reports' | 'report_samples', reportId: string): Promise<string | null> {
  const key = table === 'reports' ? 'id' : 'report_id';
  const rows: { p: string }[] = await ds.query(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${key} = $1`, [reportId]);
  return rows[0]?.p ?? null;
}
