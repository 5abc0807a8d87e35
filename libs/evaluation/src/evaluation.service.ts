import { Inject, Injectable, Optional } from '@nestjs/common';
import { EvaluationRepository, ReportsRepository, SettingsRepository, type StoredReportRow } from '@memfleet/persistence';
import { storedTimestampIso, type Report, type RuleResult } from '@memfleet/contracts';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { catalogue, evaluateReport, inputsDigest, planRun, ruleInputDigests, runtimeKindsOf, type HistorySample } from '@memfleet/rules';
import { evaluationWrite } from './evaluation-write';
import { SettingsCache } from './settings-cache';

/** How many earlier samples history-aware rules see. */
export const HISTORY_SAMPLES = 12;
/** Concurrent writes to one host before giving the job back to the queue's retry. */
const MAX_CONFLICTS = 5;

export type EvaluationStatus = 'evaluated' | 'superseded' | 'missing';

export interface EvaluationResult {
  status: EvaluationStatus;
  results: RuleResult[];
  /** The rules that ran; null: every rule. */
  ran?: string[] | null;
}

export interface EvaluationOptions {
  /** Run every rule whatever changed (re-evaluation runs: thresholds, catalogue or a manual request). */
  all?: boolean;
}

/** Default of MEMFLEET_HISTORY_RULE_MINUTES, for callers without the app's configuration. */
const HISTORY_RULE_MINUTES = 30;

/**
 * The worker's whole loop for one report: load it, run the rule engine, upsert one finding per
 * host × rule × subject, append an event per transition, and mark the report evaluated. The write is
 * one statement guarded by the host row's version, so a retry or a second worker never double-counts.
 *
 * Incremental: only the rules whose input digest moved since the host's last evaluation run, plus the
 * periodic ones (history, volatile metrics) when due, and all of them when thresholds, silences or the
 * catalogue changed. The findings of the rules that did not run stay as they are.
 */
@Injectable()
export class EvaluationService {
  private readonly settings: SettingsCache;
  private readonly historyRuleMinutes: number;
  private context: string | null = null;

  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly reports: ReportsRepository,
    settings: SettingsRepository,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'historyRuleMinutes'>,
  ) {
    this.settings = new SettingsCache(settings);
    this.historyRuleMinutes = config?.historyRuleMinutes ?? HISTORY_RULE_MINUTES;
  }

  async evaluate(reportId: string, catalogueRevision: string, options: EvaluationOptions = {}): Promise<EvaluationResult> {
    // Two round trips, no transaction: load, then a guarded write that stores nothing if another
    // evaluation or ingest touched the host in between; then load again.
    for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      const outcome = await this.evaluateOnce(reportId, catalogueRevision, options);
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
    await this.reports.markFailed(reportId, message.slice(0, 4000));
  }

  private async evaluateOnce(reportId: string, catalogueRevision: string, options: EvaluationOptions): Promise<EvaluationResult | null> {
    const row = await this.evaluations.load(reportId, HISTORY_SAMPLES);
    if (!row) return { status: 'missing', results: [] };
    if (isOlder(row, { epoch: row.evaluated_epoch, sequence: row.evaluated_sequence })) {
      // An older report (by agent instance, then sequence) must not overwrite the findings of a newer one.
      await this.reports.markSuperseded(reportId, catalogueRevision);
      return { status: 'superseded', results: [] };
    }
    const { report, history } = reportFromRow(row);
    // Thresholds are written before the context is bumped: a new context means the cached overrides may be old.
    if (row.context !== this.context) this.settings.invalidate();
    this.context = row.context;
    const thresholds = await this.settings.thresholds();
    const digests = digestsOf(report, row.config_hash, row.agent_labels);
    const plan =
      options.all || !digests
        ? { ruleIds: null, periodicRan: true }
        : planRun(catalogue, digests.rules, row.rule_input_digests, { contextChanged: row.evaluated_context !== row.context, periodicDue: row.history_due });
    const results = plan.ruleIds?.length === 0 ? [] : evaluateReport(report, { history, thresholds, ruleIds: plan.ruleIds ?? undefined });
    const write = evaluationWrite(
      row.host_id,
      reportId,
      { epoch: row.epoch, sequence: Number(row.sequence) },
      catalogueRevision,
      results,
      row.existing ?? [],
      row.host_version,
      new Set(row.silenced_rules ?? []),
      plan.ruleIds ? new Set(plan.ruleIds) : null,
    );
    if (digests) {
      write.incremental = {
        inputsDigest: digests.host,
        context: row.context,
        ruleDigests: digests.rules,
        historyDueMinutes: plan.periodicRan ? this.historyRuleMinutes : null,
      };
    }
    const stored = await this.evaluations.store(write);
    return stored.stored === 1 ? { status: 'evaluated', results, ran: plan.ruleIds } : null;
  }
}

/**
 * The report's host-level and per-rule input digests; null for a stored report whose facts cannot be read (every rule
 * runs and reports why, and nothing is recorded to settle on).
 */
function digestsOf(report: Report, configurationHash: string, agentLabels: Record<string, string>): { host: string; rules: Record<string, string> } | null {
  try {
    // The host digest is the API's: over the labels the agent sent, as the API sees them at ingest.
    const runtimeKinds = runtimeKindsOf(report.configuration);
    return { host: inputsDigest({ configurationHash, metrics: report.metrics, labels: agentLabels, runtimeKinds }), rules: ruleInputDigests(report) };
  } catch {
    return null;
  }
}

/** Reports are ordered by (epoch, sequence): an agent instance that appeared later starts a newer order. */
export function isOlder(a: { epoch: number; sequence: string | number }, b: { epoch: number; sequence: string | number }): boolean {
  return a.epoch !== b.epoch ? a.epoch < b.epoch : Number(a.sequence) < Number(b.sequence);
}

/**
 * Rebuilds the report (configuration + this sample's metrics) and its history from stored rows. Stored
 * rows are in the current schema's shape: ingest upgrades what it accepts, and a migration rewrote the
 * rows stored before version 2 (migrations/1764061200000-ProcessIdsInMetrics.ts).
 */
export function reportFromRow(row: StoredReportRow): { report: Report; history: HistorySample[] } {
  // Rows stored before the contract bounded collectedAt may hold any timestamptz (year 10000, say).
  // Such a report is evaluated without a usable time: no history, and history samples that cannot be
  // placed before it are left out, so no rule sees a negative or impossible age.
  const collectedAt = storedTimestampIso(row.collected_at);
  const collectedMs = collectedAt === null ? NaN : Date.parse(collectedAt);
  const report: Report = {
    schemaVersion: 2,
    sequence: Number(row.sequence),
    collectedAt: collectedAt ?? new Date(0).toISOString(),
    intervalSeconds: row.interval_seconds,
    agent: { version: row.agent_version, capabilities: [] },
    identity: { machineId: row.machine_id, dmiProductUuid: row.dmi_product_uuid || null },
    labels: row.labels,
    configuration: row.configuration,
    metrics: row.metrics,
    collectionErrors: [],
  };
  const history: HistorySample[] = [];
  for (const h of row.history ?? []) {
    const at = storedTimestampIso(h.collected_at);
    if (at === null || !(Date.parse(at) <= collectedMs)) continue;
    history.push({ sequence: Number(h.sequence), collectedAt: at, cpuOnline: h.cpu_online, metrics: h.metrics });
  }
  return { report, history };
}
