import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport, type Report } from '@memfleet/contracts';
import { EvaluationRepository, type FindingWrite } from '../repositories/evaluation.repository';
import { HostsRepository } from '../repositories/hosts.repository';
import { ingestRowOf } from '../repositories/report-rows';
import { ReportsRepository, type IngestBatchRow } from '../repositories/reports.repository';

// Rows for repository specs, written through the product's own statements (enrolment and ingest).

export const configHashOf = (r: Report): string => createHash('sha256').update(JSON.stringify(r.configuration)).digest('hex');

/** Enrols a host and returns its id and machine id. */
export async function enrolledHost(
  ds: DataSource,
  o: { machineId?: string; hostname?: string; labels?: Record<string, string> } = {},
): Promise<{ id: string; machineId: string }> {
  const machineId = o.machineId ?? randomBytes(16).toString('hex');
  const { hostId: id } = await new HostsRepository(ds).enroll(
    { machineId, dmiProductUuid: '', hostname: o.hostname ?? `host-${machineId.slice(0, 8)}`, labels: o.labels ?? {} },
    randomBytes(32).toString('hex'),
  );
  return { id, machineId };
}

/** Stores a report for the host (a sample report at `sequence` unless given) as ingest does. */
export async function storedReport(
  ds: DataSource,
  hostId: string,
  o: { report?: Report; sequence?: number; hostname?: string; idempotencyKey?: string | null; schemaVersion?: number } = {},
): Promise<IngestBatchRow & { report: Report }> {
  const report = o.report ?? sampleReport({ sequence: o.sequence ?? 1, hostname: o.hostname });
  const [row] = await new ReportsRepository(ds).ingestBatch([
    ingestRowOf(hostId, report, configHashOf(report), true, o.idempotencyKey ?? null, o.schemaVersion),
  ]);
  return { ...row, report };
}

/** A result row for EvaluationRepository.store. */
export const findingWrite = (
  ruleId: string,
  subject: string,
  outcome: string,
  severity: FindingWrite['severity'],
  over: Partial<FindingWrite> = {},
): FindingWrite => ({
  rule_id: ruleId,
  subject,
  outcome,
  severity,
  rule_version: 1,
  summary: `${ruleId} ${outcome}`,
  evidence: [],
  remediation: [],
  missing: [],
  thresholds: {},
  silenced: false,
  ...over,
});

/** Stores the host's report at `sequence` and evaluates it with these results (host counts from its unsilenced hits). */
export async function evaluatedReport(ds: DataSource, hostId: string, sequence: number, findings: FindingWrite[], report?: Report): Promise<string> {
  const reportId = (await storedReport(ds, hostId, { sequence, report })).report_id!;
  const repo = new EvaluationRepository(ds);
  const row = (await repo.load(reportId, 12))!;
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.outcome === 'hit' && f.severity && !f.silenced) counts[f.severity]++;
  const existing = new Set(findings.map((f) => `${f.rule_id}/${f.subject}`));
  const droppedIds = (row.existing ?? []).filter((f) => !existing.has(`${f.ruleId}/${f.subject}`)).map((f) => f.id);
  const out = await repo.store({
    hostId,
    reportId,
    epoch: row.epoch,
    sequence,
    catalogueRevision: 'rev1',
    findings,
    resolvedIds: [],
    droppedIds,
    events: [],
    counts,
    hostVersion: row.host_version,
  });
  if (out.stored !== 1) throw new Error('the evaluation was not stored');
  return reportId;
}
