import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';
import type { SampledHostSeries } from './report-rows';

/** One chosen sample of a host's chart: the newest report of its time bucket. */
export interface ChartSampleRow {
  collectedAt: Date;
  sequence: number;
  /** Null for samples stored before the host series were kept. */
  host: SampledHostSeries | null;
  processes: { subject: string; rssBytes: number | null }[] | null;
  aeron: { subject: string; availableBytes: number | null }[] | null;
  cpuOnline: string | null;
}

/**
 * Downsampling in the database: the newest sample (in report order) of each `bucket`-second slice since
 * `since`, so a chart reads at most one sample per bucket whatever the report interval. The pick reads
 * only the host's entries of IDX_report_samples_host_order (collected_at is in it), pruned to the day
 * partitions of the range (a sample's report id is its arrival day, never before its collection, less a
 * day for an agent clock that runs ahead); only the chosen samples' JSON is read, one primary-key lookup each.
 */
const CHART_SAMPLES_SQL = `
WITH pick AS (
  SELECT DISTINCT ON (k.b) k.report_id, k.b
    FROM (SELECT s.report_id, s.epoch, s.sequence, floor(extract(epoch FROM s.collected_at) / $3) AS b
            FROM report_samples s
           WHERE s.host_id = $1 AND s.collected_at > $2::timestamptz AND s.report_id >= memfleet_uuid7_floor($2::timestamptz - interval '1 day')) k
   ORDER BY k.b, k.epoch DESC, k.sequence DESC
)
SELECT s.collected_at AS "collectedAt", s.sequence::float8 AS sequence, s.sample->'host' AS host, s.sample->'metrics'->'processes' AS processes,
       s.sample->'aeron' AS aeron, s.sample->>'cpuOnline' AS "cpuOnline"
  FROM pick CROSS JOIN LATERAL (
    -- LIMIT keeps this a lookup per pick (a primary-key probe of one pruned partition), not a hash join over the days' samples.
    SELECT s.collected_at, s.sequence, s.sample FROM report_samples s WHERE s.report_id = pick.report_id LIMIT 1) s
 ORDER BY pick.b`;

/** Reads of the compact per-report samples for charts (writes: ReportsRepository.ingestBatch; retention: ReportPartitionsRepository). */
@Injectable()
export class ReportSamplesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The host's samples collected after `since`, one per `bucketSeconds` slice, oldest first. */
  @GenerateSql({ params: [DummyValue.UUID, '2026-01-01T00:00:00.000Z', 90] })
  chartSamples(hostId: string, since: string, bucketSeconds: number): Promise<ChartSampleRow[]> {
    return this.ds.query(CHART_SAMPLES_SQL, [hostId, since, bucketSeconds]);
  }
}
