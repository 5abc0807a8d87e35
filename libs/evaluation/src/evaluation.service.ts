import type { DataSource } from 'typeorm';
import { preparedQuery } from '@memfleet/persistence';
import { upgradeReportV1, type Configuration, type Metrics, type Report, type RuleResult } from '@memfleet/contracts';
import { evaluateReport, type HistorySample } from '@memfleet/rules';
import { LOAD_SQL, STORE_SQL, storeParams } from './evaluation.sql';
import type { StoredFindingState } from './finding-transitions';
import { SettingsCache } from './settings-cache';

/** How many earlier samples history-aware rules see. */
export const HISTORY_SAMPLES = 12;
/** Concurrent writes to one host before giving the job back to the queue's retry. */
const MAX_CONFLICTS = 5;

export type EvaluationStatus = 'evaluated' | 'superseded' | 'missing';

export interface EvaluationResult {
  status: EvaluationStatus;
  results: RuleResult[];
}

export interface LoadedReport {
  host_id: string;
  sequence: string;
  collected_at: string;
  agent_version: string;
  metrics: Metrics;
  configuration: Configuration;
  machine_id: string;
  dmi_product_uuid: string;
  labels: Record<string, string>;
  interval_seconds: number;
  evaluated_sequence: string;
  host_version: string;
  history: { sequence: number; collected_at: string; metrics: Metrics; cpu_online: string | null }[] | null;
  existing: StoredFindingState[] | null;
  silenced_rules: string[] | null;
}

/**
 * The worker's whole loop for one report: load it, run the rule engine, upsert one finding per
 * host × rule × subject, append an event per transition, and mark the report evaluated. The write is
 * one statement guarded by the host row's version, so a retry or a second worker never double-counts.
 */
export class EvaluationService {
  private readonly settings: SettingsCache;

  constructor(private readonly ds: DataSource) {
    this.settings = new SettingsCache();
  }

  async evaluate(reportId: string, catalogueRevision: string): Promise<EvaluationResult> {
    // Two round trips, no transaction: load, then a guarded write that stores nothing if another
    // evaluation or ingest touched the host in between; then load again.
    for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      const outcome = await this.evaluateOnce(reportId, catalogueRevision);
      if (outcome) return outcome;
    }
    throw new Error(`host of report ${reportId} kept changing during evaluation (${MAX_CONFLICTS} tries)`);
  }

  /** Threshold overrides were just changed: read them again before the next evaluation. */
  invalidateSettings(): void {
    this.settings.invalidate();
  }

  /** After the last attempt: the report stays stored, marked failed with the error. */
  async markFailed(reportId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.ds.query(`UPDATE reports SET status = 'failed', error = $2 WHERE id = $1 AND status <> 'evaluated'`, [reportId, message.slice(0, 4000)]);
  }

  private async evaluateOnce(reportId: string, catalogueRevision: string): Promise<EvaluationResult | null> {
    const q = this.ds;
    const rows = await preparedQuery<LoadedReport>(q, 'memfleet-evaluation-load', LOAD_SQL, [reportId, HISTORY_SAMPLES]);
    const row = rows[0];
    if (!row) return { status: 'missing', results: [] };
    if (Number(row.sequence) < Number(row.evaluated_sequence)) {
      // An older report must not overwrite the findings of a newer one.
      await q.query(`UPDATE reports SET status = 'superseded', evaluated_at = now(), catalogue_revision = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'queued'`, [reportId, catalogueRevision]);
      return { status: 'superseded', results: [] };
    }
    const { report, history } = reportFromRow(row);
    const thresholds = await this.settings.thresholds(q);
    const results = evaluateReport(report, { history, thresholds });
    const stored = await preparedQuery<{ stored: number }>(q, 'memfleet-evaluation-store', STORE_SQL, storeParams(row.host_id, reportId, Number(row.sequence), catalogueRevision, results, row.existing ?? [], row.host_version, new Set(row.silenced_rules ?? [])));
    return stored[0].stored === 1 ? { status: 'evaluated', results } : null;
  }
}

/** Rebuilds the report (configuration + this sample's metrics) and its history from stored rows. */
export function reportFromRow(row: Omit<LoadedReport, 'existing' | 'silenced_rules' | 'evaluated_sequence' | 'host_version'>): { report: Report; history: HistorySample[] } {
  // Rows stored before schema version 2 keep pid and start time in the configuration: moved on read.
  const report = upgradeReportV1({
    schemaVersion: 2,
    sequence: Number(row.sequence),
    collectedAt: new Date(row.collected_at).toISOString(),
    intervalSeconds: row.interval_seconds,
    agent: { version: row.agent_version, capabilities: [] },
    identity: { machineId: row.machine_id, dmiProductUuid: row.dmi_product_uuid || null },
    labels: row.labels,
    configuration: row.configuration,
    metrics: row.metrics,
    collectionErrors: [],
  });
  const history: HistorySample[] = (row.history ?? []).map((h) => ({ sequence: Number(h.sequence), collectedAt: new Date(h.collected_at).toISOString(), cpuOnline: h.cpu_online, metrics: h.metrics }));
  return { report, history };
}
