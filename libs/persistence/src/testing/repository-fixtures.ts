import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport, type Report } from '@memfleet/contracts';
import { HostsRepository } from '../repositories/hosts.repository';
import { ingestRowOf } from '../repositories/report-rows';
import { ReportsRepository, type IngestBatchRow } from '../repositories/reports.repository';

// Rows for repository specs, written through the product's own statements (enrolment and ingest).

export const configHashOf = (r: Report): string => createHash('sha256').update(JSON.stringify(r.configuration)).digest('hex');

/** Enrols a host and returns its id and machine id. */
export async function enrolledHost(ds: DataSource, o: { machineId?: string; hostname?: string; labels?: Record<string, string> } = {}): Promise<{ id: string; machineId: string }> {
  const machineId = o.machineId ?? randomBytes(16).toString('hex');
  const id = await new HostsRepository(ds).enroll({ machineId, dmiProductUuid: '', hostname: o.hostname ?? `host-${machineId.slice(0, 8)}`, labels: o.labels ?? {} }, randomBytes(32).toString('hex'));
  return { id, machineId };
}

/** Stores a report for the host (a sample report at `sequence` unless given) as ingest does. */
export async function storedReport(ds: DataSource, hostId: string, o: { report?: Report; sequence?: number; idempotencyKey?: string | null; schemaVersion?: number } = {}): Promise<IngestBatchRow & { report: Report }> {
  const report = o.report ?? sampleReport({ sequence: o.sequence ?? 1 });
  const [row] = await new ReportsRepository(ds).ingestBatch([ingestRowOf(hostId, report, configHashOf(report), true, o.idempotencyKey ?? null, o.schemaVersion)]);
  return { ...row, report };
}
