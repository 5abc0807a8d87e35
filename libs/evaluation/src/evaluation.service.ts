import type { DataSource, QueryRunner } from 'typeorm';
import type { Configuration, Metrics, Report, RuleResult } from '@memfleet/contracts';
import { evaluateReport, type HistorySample } from '@memfleet/rules';
import { findingKey, transitionOf, type StoredFindingState } from './finding-transitions';
import { SettingsCache } from './settings-cache';

/** How many earlier samples history-aware rules see. */
export const HISTORY_SAMPLES = 12;

export type EvaluationStatus = 'evaluated' | 'superseded' | 'missing';

export interface EvaluationResult {
  status: EvaluationStatus;
  results: RuleResult[];
}

interface LoadedReport {
  id: string;
  host_id: string;
  sequence: string;
  collected_at: Date;
  schema_version: number;
  agent_version: string;
  metrics: Metrics;
  config_id: string;
  machine_id: string;
  dmi_product_uuid: string;
  labels: Record<string, string>;
  interval_seconds: number;
  evaluated_sequence: string;
}

/**
 * The worker's whole loop for one report: load it, run the rule engine, upsert one finding per
 * host × rule × subject, append an event per transition, and mark the report evaluated — all in
 * one transaction under the host's row lock, so a retry or a second worker never double-counts.
 */
export class EvaluationService {
  private readonly configs = new Map<string, Configuration>();
  private readonly settings: SettingsCache;

  constructor(private readonly ds: DataSource) {
    this.settings = new SettingsCache();
  }

  async evaluate(reportId: string, catalogueRevision: string): Promise<EvaluationResult> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const result = await this.evaluateIn(runner, reportId, catalogueRevision);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** After the last attempt: the report stays stored, marked failed with the error. */
  async markFailed(reportId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.ds.query(`UPDATE reports SET status = 'failed', error = $2 WHERE id = $1 AND status <> 'evaluated'`, [reportId, message.slice(0, 4000)]);
  }

  private async evaluateIn(q: QueryRunner, reportId: string, catalogueRevision: string): Promise<EvaluationResult> {
    const hostRow: { host_id: string }[] = await q.query(`SELECT host_id FROM reports WHERE id = $1`, [reportId]);
    if (hostRow.length === 0) return { status: 'missing', results: [] };
    // Serialise evaluations of one host; different hosts proceed in parallel.
    await q.query(`SELECT 1 FROM hosts WHERE id = $1 FOR UPDATE`, [hostRow[0].host_id]);
    const rows: LoadedReport[] = await q.query(
      `SELECT r.id, r.host_id, r.sequence, r.collected_at, r.schema_version, r.agent_version, r.metrics, r.config_id,
              h.machine_id, h.dmi_product_uuid, h.labels, h.interval_seconds, h.evaluated_sequence
         FROM reports r JOIN hosts h ON h.id = r.host_id WHERE r.id = $1`,
      [reportId],
    );
    const row = rows[0];
    await q.query(`UPDATE reports SET attempts = attempts + 1 WHERE id = $1`, [reportId]);
    if (Number(row.sequence) < Number(row.evaluated_sequence)) {
      // An older report must not overwrite the findings of a newer one.
      await q.query(`UPDATE reports SET status = 'superseded', evaluated_at = now(), catalogue_revision = $2 WHERE id = $1`, [reportId, catalogueRevision]);
      return { status: 'superseded', results: [] };
    }
    const configuration = await this.configuration(q, row.config_id);
    const report: Report = {
      schemaVersion: 1,
      sequence: Number(row.sequence),
      collectedAt: row.collected_at.toISOString(),
      intervalSeconds: row.interval_seconds,
      agent: { version: row.agent_version, capabilities: [] },
      identity: { machineId: row.machine_id, dmiProductUuid: row.dmi_product_uuid || null },
      labels: row.labels,
      configuration,
      metrics: row.metrics,
      collectionErrors: [],
    };
    const history = await this.history(q, row.host_id, Number(row.sequence));
    const thresholds = await this.settings.thresholds(q);
    const results = evaluateReport(report, { history, thresholds });
    await this.storeFindings(q, row.host_id, reportId, results);
    await q.query(
      `UPDATE reports SET status = 'evaluated', evaluated_at = now(), error = NULL, catalogue_revision = $2 WHERE id = $1`,
      [reportId, catalogueRevision],
    );
    await q.query(`UPDATE hosts SET evaluated_sequence = GREATEST(evaluated_sequence, $2) WHERE id = $1`, [row.host_id, row.sequence]);
    return { status: 'evaluated', results };
  }

  private async configuration(q: QueryRunner, configId: string): Promise<Configuration> {
    // Configuration rows never change once written: cache them by id.
    const cached = this.configs.get(configId);
    if (cached) return cached;
    const rows: { configuration: Configuration }[] = await q.query(`SELECT configuration FROM host_configs WHERE id = $1`, [configId]);
    if (this.configs.size >= 5000) this.configs.delete(this.configs.keys().next().value as string);
    this.configs.set(configId, rows[0].configuration);
    return rows[0].configuration;
  }

  private async history(q: QueryRunner, hostId: string, sequence: number): Promise<HistorySample[]> {
    const rows: { sequence: string; collected_at: Date; metrics: Metrics; cpu_online: string | null }[] = await q.query(
      `SELECT r.sequence, r.collected_at, r.metrics, c.configuration #>> '{cpu,online}' AS cpu_online
         FROM reports r JOIN host_configs c ON c.id = r.config_id
        WHERE r.host_id = $1 AND r.sequence < $2 ORDER BY r.sequence DESC LIMIT ${HISTORY_SAMPLES}`,
      [hostId, sequence],
    );
    return rows.reverse().map((r) => ({ sequence: Number(r.sequence), collectedAt: r.collected_at.toISOString(), cpuOnline: r.cpu_online, metrics: r.metrics }));
  }

  private async storeFindings(q: QueryRunner, hostId: string, reportId: string, results: RuleResult[]): Promise<void> {
    const existing: StoredFindingState[] = await q.query(
      `SELECT id, rule_id AS "ruleId", subject, outcome, severity FROM findings WHERE host_id = $1`,
      [hostId],
    );
    const byKey = new Map(existing.map((f) => [findingKey(f.ruleId, f.subject), f]));
    const seen = new Set<string>();
    const events: unknown[][] = [];
    const upserts = results.map((r) => {
      const key = findingKey(r.ruleId, r.subject);
      seen.add(key);
      const t = transitionOf(byKey.get(key), r);
      if (t) events.push([r.ruleId, r.subject, t.kind, t.severity, t.previousSeverity]);
      return r;
    });
    // Subjects that vanished (a process gone): their hits resolve; the row stays as not-applicable.
    const vanished = existing.filter((f) => !seen.has(findingKey(f.ruleId, f.subject)));
    for (const f of vanished) {
      const t = transitionOf(f, { outcome: 'not-applicable', severity: null });
      if (t) events.push([f.ruleId, f.subject, t.kind, t.severity, t.previousSeverity]);
    }
    if (upserts.length > 0) {
      await q.query(
        `INSERT INTO findings AS f (host_id, rule_id, subject, outcome, severity, rule_version, summary, evidence, remediation, missing, thresholds, report_id, opened_at, resolved_at)
         SELECT $1, x.rule_id, x.subject, x.outcome, x.severity, x.rule_version, x.summary, x.evidence, x.remediation, x.missing, x.thresholds, $2,
                CASE WHEN x.outcome = 'hit' THEN now() END, NULL
           FROM jsonb_to_recordset($3::jsonb) AS x(rule_id text, subject text, outcome text, severity text, rule_version int, summary text,
                evidence jsonb, remediation jsonb, missing jsonb, thresholds jsonb)
         ON CONFLICT (host_id, rule_id, subject) DO UPDATE SET
           outcome = EXCLUDED.outcome, severity = EXCLUDED.severity, rule_version = EXCLUDED.rule_version, summary = EXCLUDED.summary,
           evidence = EXCLUDED.evidence, remediation = EXCLUDED.remediation, missing = EXCLUDED.missing, thresholds = EXCLUDED.thresholds,
           report_id = EXCLUDED.report_id, last_seen_at = now(),
           opened_at = CASE WHEN EXCLUDED.outcome = 'hit' THEN COALESCE(CASE WHEN f.outcome = 'hit' THEN f.opened_at END, now()) END,
           resolved_at = CASE WHEN EXCLUDED.outcome = 'hit' THEN NULL WHEN f.outcome = 'hit' THEN now() ELSE f.resolved_at END`,
        [
          hostId,
          reportId,
          JSON.stringify(
            upserts.map((r) => ({
              rule_id: r.ruleId,
              subject: r.subject,
              outcome: r.outcome,
              severity: r.severity,
              rule_version: r.ruleVersion,
              summary: r.summary,
              evidence: r.evidence,
              remediation: r.remediation,
              missing: r.missing ?? [],
              thresholds: r.thresholds ?? {},
            })),
          ),
        ],
      );
    }
    // A vanished hit stays as a resolved row (its history matters); other vanished rows just go.
    const vanishedHits = vanished.filter((f) => f.outcome === 'hit').map((f) => f.id);
    const vanishedOther = vanished.filter((f) => f.outcome !== 'hit').map((f) => f.id);
    if (vanishedHits.length > 0) {
      await q.query(
        `UPDATE findings SET outcome = 'not-applicable', severity = NULL, summary = 'Resolved: the subject is no longer reported (process gone or rule now per process).',
                opened_at = NULL, resolved_at = now(), last_seen_at = now(), report_id = $2
          WHERE id = ANY($1::uuid[])`,
        [vanishedHits, reportId],
      );
    }
    if (vanishedOther.length > 0) await q.query(`DELETE FROM findings WHERE id = ANY($1::uuid[])`, [vanishedOther]);
    if (events.length > 0) {
      await q.query(
        `INSERT INTO finding_events (finding_id, host_id, rule_id, subject, kind, severity, previous_severity, report_id)
         SELECT f.id, $1, e.rule_id, e.subject, e.kind, e.severity, e.previous_severity, $2
           FROM jsonb_to_recordset($3::jsonb) AS e(rule_id text, subject text, kind text, severity text, previous_severity text)
           JOIN findings f ON f.host_id = $1 AND f.rule_id = e.rule_id AND f.subject = e.subject`,
        [hostId, reportId, JSON.stringify(events.map(([rule_id, subject, kind, severity, previous_severity]) => ({ rule_id, subject, kind, severity, previous_severity })))],
      );
    }
    await q.query(
      `UPDATE hosts h SET critical_count = c.critical, warning_count = c.warning, info_count = c.info
         FROM (SELECT count(*) FILTER (WHERE severity = 'critical') AS critical, count(*) FILTER (WHERE severity = 'warning') AS warning,
                      count(*) FILTER (WHERE severity = 'info') AS info
                 FROM findings WHERE host_id = $1 AND outcome = 'hit') c
        WHERE h.id = $1`,
      [hostId],
    );
  }
}
