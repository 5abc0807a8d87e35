// Raw baseline: bare `pg` running the ingest statement the API runs, for the same kind of reports built
// the same way, one report per statement (and in batches), so the API's share of the cost shows.
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { configurationHash, toReportV3, type Report } from '@memfleet/contracts';
import { INGEST_BATCH_SQL, ingestRowOf } from '@memfleet/persistence';
import { inputsDigest, runtimeKindsOf } from '@memfleet/rules';
import type { LoadResult } from './load';

/**
 * The configuration hash the server stores, so rows written here (history, baselines) match what the
 * API then compares against: schema version 3's canonical hash.
 */
export function configHashOf(r: Report): string {
  return configurationHash(r.configuration);
}

/**
 * The row the API hands the statement: with the configuration when the server does not hold it (`known`
 * false), an Idempotency-Key and the payload hash as for an agent's request.
 */
export function ingestRow(hostId: string, r: Report, known: boolean, hash = configHashOf(r)) {
  const { configuration: _configuration, ...rest } = toReportV3(r, true, hash);
  const payload = createHash('sha256').update(`3:${hash}:`).update(JSON.stringify(rest)).digest('hex');
  // with the inputs digest, as the API computes it, so an unchanged report can settle here too
  return {
    ...ingestRowOf(hostId, r, hash, !known, randomUUID(), 3, payload),
    inputs_digest: inputsDigest({ configurationHash: hash, metrics: r.metrics, labels: r.labels, runtimeKinds: runtimeKindsOf(r.configuration) }),
  };
}

export async function barePgIngest(
  pool: Pool,
  idByMachine: Map<string, string>,
  reports: Report[],
  known: boolean,
  batchSize: number,
  concurrency: number,
): Promise<LoadResult> {
  // The statements' parameters are built before the clock starts: this measures PostgreSQL and the driver only.
  const params: string[] = [];
  for (let i = 0; i < reports.length; i += batchSize) {
    params.push(JSON.stringify(reports.slice(i, i + batchSize).map((r) => ingestRow(idByMachine.get(r.identity.machineId)!, r, known))));
  }
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.floor(concurrency / batchSize)) }, async () => {
      while (next < params.length) {
        const values = [params[next++]];
        await pool.query({ name: 'ingest', text: INGEST_BATCH_SQL, values });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { sent: reports.length, ok: reports.length, errors: 0, seconds, perSecond: reports.length / seconds, latencyMs: { p50: NaN, p99: NaN } };
}
