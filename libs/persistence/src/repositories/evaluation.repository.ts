import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Configuration, Evidence, Metrics, MissingFact, Remediation, Severity } from '@memfleet/contracts';
import { DummyValue, GenerateSql } from '../generate-sql';
import { preparedQuery } from '../prepared';
import { ACTIVE_SILENCE_FOR_HOST, HISTORY_SUBQUERY } from './sql-fragments';
import { EVALUATION_CONTEXT_SQL } from './settings.repository';

/**
 * Loads a report with its configuration, the host, earlier samples and stored findings, and the host row's
 * version (xmin): STORE_SQL writes only if no other write touched the host since.
 */
export const LOAD_SQL = `
SELECT r.host_id, r.epoch, r.sequence, r.collected_at, r.agent_version, r.metrics, c.configuration,
       h.machine_id, h.dmi_product_uuid, h.labels, h.agent_labels, h.interval_seconds, h.evaluated_epoch, h.evaluated_sequence, h.xmin::text AS host_version,
       (${HISTORY_SUBQUERY('r.host_id', 'r.epoch', 'r.sequence', 'r.collected_at', '$2')}) AS history,
       (SELECT json_agg(json_build_object('id', f.id, 'ruleId', f.rule_id, 'subject', f.subject, 'outcome', f.outcome, 'severity', f.severity))
          FROM findings f WHERE f.host_id = r.host_id) AS existing,
       (SELECT json_agg(DISTINCT s.rule_id) FROM silences s WHERE ${ACTIVE_SILENCE_FOR_HOST('s', 'h')}) AS silenced_rules,
       c.config_hash, h.evaluated_context::text AS evaluated_context, h.rule_input_digests,
       COALESCE(h.history_due_at <= now(), true) AS history_due, ${EVALUATION_CONTEXT_SQL}::text AS context
  FROM reports r JOIN hosts h ON h.id = r.host_id JOIN host_configs c ON c.id = r.config_id
 WHERE r.id = $1`;

/**
 * Writes one evaluation in one statement: upsert every result, resolve or drop vanished subjects,
 * append transition events, set the host's hit counts, mark the report evaluated. Every part waits on
 * the guard, which updates the host only if its version is the one loaded; a concurrent writer makes
 * the guard (and so the whole statement) write nothing, and the caller reloads and retries.
 */
export const STORE_SQL = `
WITH guard AS (
  UPDATE hosts SET critical_count = $9, warning_count = $10, info_count = $11, evaluated_epoch = $13, evaluated_sequence = $3,
         evaluated_inputs_digest = $14, evaluated_context = $15::bigint, rule_input_digests = $16::jsonb,
         history_due_at = CASE WHEN $17::int IS NULL THEN history_due_at ELSE now() + make_interval(mins => $17::int) END
   WHERE id = $1 AND xmin = $12::text::xid AND (evaluated_epoch, evaluated_sequence) <= ($13::int, $3::bigint) RETURNING id
), input AS (
  SELECT * FROM jsonb_to_recordset($5::jsonb) AS x(rule_id text, subject text, outcome text, severity text, rule_version int, summary text,
    evidence jsonb, remediation jsonb, missing jsonb, thresholds jsonb, silenced boolean)
), up AS (
  INSERT INTO findings AS f (host_id, rule_id, subject, outcome, severity, rule_version, summary, evidence, remediation, missing, thresholds, report_id, opened_at, silenced)
  SELECT $1, rule_id, subject, outcome, severity, rule_version, summary, evidence, remediation, missing, thresholds, $2, CASE WHEN outcome = 'hit' THEN now() END, silenced
    FROM input WHERE EXISTS (SELECT 1 FROM guard)
  ON CONFLICT (host_id, rule_id, subject) DO UPDATE SET
    outcome = EXCLUDED.outcome, severity = EXCLUDED.severity, rule_version = EXCLUDED.rule_version, summary = EXCLUDED.summary,
    evidence = EXCLUDED.evidence, remediation = EXCLUDED.remediation, missing = EXCLUDED.missing, thresholds = EXCLUDED.thresholds,
    report_id = EXCLUDED.report_id, last_seen_at = now(), silenced = EXCLUDED.silenced,
    silenced_changed_at = CASE WHEN f.silenced IS DISTINCT FROM EXCLUDED.silenced THEN now() ELSE f.silenced_changed_at END,
    opened_at = CASE WHEN EXCLUDED.outcome = 'hit' THEN COALESCE(CASE WHEN f.outcome = 'hit' THEN f.opened_at END, now()) END,
    resolved_at = CASE WHEN EXCLUDED.outcome = 'hit' THEN NULL WHEN f.outcome = 'hit' THEN now() ELSE f.resolved_at END
  -- An unchanged result is not rewritten on every report: its last_seen_at is refreshed at most hourly.
  WHERE f.outcome IS DISTINCT FROM EXCLUDED.outcome OR f.severity IS DISTINCT FROM EXCLUDED.severity OR f.summary IS DISTINCT FROM EXCLUDED.summary
     OR f.evidence IS DISTINCT FROM EXCLUDED.evidence OR f.remediation IS DISTINCT FROM EXCLUDED.remediation OR f.missing IS DISTINCT FROM EXCLUDED.missing
     OR f.thresholds IS DISTINCT FROM EXCLUDED.thresholds OR f.rule_version IS DISTINCT FROM EXCLUDED.rule_version OR f.silenced IS DISTINCT FROM EXCLUDED.silenced
     OR f.last_seen_at < now() - interval '1 hour'
  RETURNING f.id, f.rule_id, f.subject
), resolved AS (
  UPDATE findings SET outcome = 'not-applicable', severity = NULL, opened_at = NULL, resolved_at = now(), last_seen_at = now(), report_id = $2,
         summary = 'Resolved: the subject is no longer reported (process gone, or the rule now reports per process).'
   WHERE id = ANY($6::uuid[]) AND EXISTS (SELECT 1 FROM guard) RETURNING id
), dropped AS (
  DELETE FROM findings WHERE id = ANY($7::uuid[]) AND EXISTS (SELECT 1 FROM guard) RETURNING id
), events AS (
  INSERT INTO finding_events (finding_id, host_id, rule_id, subject, kind, severity, previous_severity, report_id)
  SELECT COALESCE(e.finding_id, up.id), $1, e.rule_id, e.subject, e.kind, e.severity, e.previous_severity, $2
    FROM jsonb_to_recordset($8::jsonb) AS e(finding_id uuid, rule_id text, subject text, kind text, severity text, previous_severity text)
    LEFT JOIN up ON up.rule_id = e.rule_id AND up.subject = e.subject
   WHERE EXISTS (SELECT 1 FROM guard)
  RETURNING 1
), rep AS (
  UPDATE reports SET status = 'evaluated', evaluated_at = now(), error = NULL, catalogue_revision = $4, attempts = attempts + 1
   WHERE id = $2 AND EXISTS (SELECT 1 FROM guard) RETURNING 1
)
SELECT (SELECT count(*) FROM guard)::int AS stored, (SELECT count(*) FROM events)::int AS events`;

/** A page of active hosts with their latest report and history, and their current hits of rule $3 (for previews). */
export const LATEST_REPORTS_PAGE_SQL = `
SELECT h.id AS host_id, r.epoch, r.sequence, r.collected_at, r.agent_version, r.metrics, c.configuration,
       h.machine_id, h.dmi_product_uuid, h.labels, h.interval_seconds,
       (${HISTORY_SUBQUERY('h.id', 'r.epoch', 'r.sequence', 'r.collected_at', '$4')}) AS history,
       (SELECT json_agg(json_build_object('subject', f.subject, 'severity', f.severity)) FROM findings f WHERE f.host_id = h.id AND f.rule_id = $3 AND f.outcome = 'hit') AS hits
  FROM hosts h JOIN reports r ON r.id = h.latest_report_id JOIN host_configs c ON c.id = r.config_id
 WHERE h.retired_at IS NULL AND h.id > $1
 ORDER BY h.id LIMIT $2`;

/** A stored finding as evaluation compares against it. */
export interface StoredFindingState {
  id: string;
  ruleId: string;
  subject: string;
  outcome: string;
  severity: Severity | null;
}

/** One earlier sample of the host, oldest first (a trimmed metrics document: RSS per process, hot-plug). */
export interface HistoryRow {
  sequence: number;
  collected_at: string;
  metrics: Metrics;
  cpu_online: string | null;
}

/** What a report is rebuilt from: its configuration, its metrics, the host and the host's earlier samples. */
export interface StoredReportRow {
  host_id: string;
  /** The agent instance's place in the host's order of instances (see the ingest statement). */
  epoch: number;
  /** bigint, as text. */
  sequence: string;
  collected_at: string;
  agent_version: string;
  metrics: Metrics;
  configuration: Configuration;
  machine_id: string;
  dmi_product_uuid: string;
  labels: Record<string, string>;
  /** The labels the agent sent (the API's digest is over these); `labels` adds the admin's. */
  agent_labels: Record<string, string>;
  interval_seconds: number;
  history: HistoryRow[] | null;
}

/** LOAD_SQL's row: the report, plus what the guarded write needs. */
export interface EvaluationRow extends StoredReportRow {
  evaluated_epoch: number;
  evaluated_sequence: string;
  /** The host row's xmin: STORE_SQL writes only if it is unchanged. */
  host_version: string;
  existing: StoredFindingState[] | null;
  silenced_rules: string[] | null;
  /** The report's configuration hash (what the API's inputs digest was computed from). */
  config_hash: string;
  /** The evaluation context the host was last evaluated under (bigint as text); null before incremental evaluation. */
  evaluated_context: string | null;
  /** Per rule, the input digest the host was last evaluated with. */
  rule_input_digests: Record<string, string> | null;
  /** The periodic rules are due (or were never run). */
  history_due: boolean;
  /** The current evaluation context (bigint as text). */
  context: string;
}

/** LATEST_REPORTS_PAGE_SQL's row: the host's latest report and the severities of its current hits of one rule. */
export interface LatestReportForPreviewRow extends StoredReportRow {
  /** The rule's stored hits on the host, per subject (what a finding is keyed by). */
  hits: { subject: string; severity: Severity | null }[] | null;
}

/** One result as jsonb_to_recordset reads it. */
export interface FindingWrite {
  rule_id: string;
  subject: string;
  outcome: string;
  severity: Severity | null;
  rule_version: number;
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  missing: MissingFact[];
  thresholds: Record<string, number>;
  silenced: boolean;
}

/** A transition; finding_id is null for a finding the same statement inserts. */
export interface FindingEventWrite {
  finding_id: string | null;
  rule_id: string;
  subject: string;
  kind: string;
  severity: string | null;
  previous_severity: string | null;
}

/** Everything one evaluation writes. */
export interface EvaluationWrite {
  hostId: string;
  reportId: string;
  /** The report's place in the host's order: (epoch, sequence). */
  epoch: number;
  sequence: number;
  catalogueRevision: string;
  findings: FindingWrite[];
  /** Vanished hits: kept as resolved rows. */
  resolvedIds: string[];
  /** Vanished non-hits: deleted. */
  droppedIds: string[];
  events: FindingEventWrite[];
  counts: { critical: number; warning: number; info: number };
  /** host_version as loaded. */
  hostVersion: string;
  /** What the host is now evaluated under (incremental evaluation); absent: nothing recorded, the next report runs every rule. */
  incremental?: {
    inputsDigest: string;
    context: string;
    ruleDigests: Record<string, string>;
    /** Minutes until the periodic rules are due again when they ran; null: they did not run, the due time stays. */
    historyDueMinutes: number | null;
  };
}

/** STORE_SQL's parameters, in order. */
export function storeValues(w: EvaluationWrite): unknown[] {
  return [
    w.hostId,
    w.reportId,
    w.sequence,
    w.catalogueRevision,
    JSON.stringify(w.findings),
    w.resolvedIds,
    w.droppedIds,
    JSON.stringify(w.events),
    w.counts.critical,
    w.counts.warning,
    w.counts.info,
    w.hostVersion,
    w.epoch,
    w.incremental?.inputsDigest ?? null,
    w.incremental?.context ?? null,
    w.incremental ? JSON.stringify(w.incremental.ruleDigests) : null,
    w.incremental?.historyDueMinutes ?? null,
  ];
}

/** The evaluation's two statements, and the page of latest reports a threshold preview evaluates. */
@Injectable()
export class EvaluationRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Named prepared statements: the large statements run per report are parsed and planned once per connection. */
  @GenerateSql({ params: [DummyValue.UUID, 12] })
  async load(reportId: string, historySamples: number): Promise<EvaluationRow | null> {
    const rows = await preparedQuery<EvaluationRow>(this.ds, 'memfleet-evaluation-load', LOAD_SQL, [reportId, historySamples]);
    return rows[0] ?? null;
  }

  /** `stored` is 0 when the host changed since load (or the report is older): nothing was written. */
  @GenerateSql({
    params: [
      {
        hostId: DummyValue.UUID,
        reportId: DummyValue.UUID,
        epoch: 0,
        sequence: 1,
        catalogueRevision: 'r',
        findings: [],
        resolvedIds: [],
        droppedIds: [],
        events: [],
        counts: { critical: 0, warning: 0, info: 0 },
        hostVersion: '1',
      },
    ],
  })
  async store(write: EvaluationWrite): Promise<{ stored: number; events: number }> {
    const rows = await preparedQuery<{ stored: number; events: number }>(this.ds, 'memfleet-evaluation-store', STORE_SQL, storeValues(write));
    return rows[0];
  }

  /** Active hosts after `afterHostId` in id order, with their latest report. */
  @GenerateSql({ params: [DummyValue.UUID, 500, DummyValue.STRING, 12] })
  latestReportsPage(afterHostId: string, limit: number, ruleId: string, historySamples: number): Promise<LatestReportForPreviewRow[]> {
    return this.ds.query(LATEST_REPORTS_PAGE_SQL, [afterHostId, limit, ruleId, historySamples]);
  }
}
