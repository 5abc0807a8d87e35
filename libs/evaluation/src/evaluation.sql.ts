import type { RuleResult } from '@memfleet/contracts';
import { findingKey, transitionOf, type StoredFindingState } from './finding-transitions';

/**
 * Loads a report with its configuration, the host, earlier samples and stored findings, and the host row's
 * version (xmin): STORE_SQL writes only if no other write touched the host since.
 */
/**
 * Earlier samples for history-aware rules: the newest report of each half-hour of the last `limit`
 * half-hours (so a 6 h window is covered by 12 samples whatever the report interval). The pick reads
 * only index-sized columns; the chosen reports' stored samples (see history-sample.ts) are read after.
 * Reports stored before samples existed are trimmed from their metrics and configuration instead.
 */
export const HISTORY_SUBQUERY = (hostId: string, sequence: string, collectedAt: string, limit: string) => `
  SELECT json_agg(json_build_object('sequence', r2.sequence, 'collected_at', r2.collected_at, 'metrics', s.sample->'metrics', 'cpu_online', s.sample->>'cpuOnline') ORDER BY r2.sequence)
    FROM (SELECT DISTINCT ON (floor(extract(epoch FROM r3.collected_at) / 1800)) r3.id
            FROM reports r3
           WHERE r3.host_id = ${hostId} AND r3.sequence < ${sequence} AND r3.collected_at > ${collectedAt} - make_interval(mins => 30 * ${limit})
           ORDER BY floor(extract(epoch FROM r3.collected_at) / 1800), r3.sequence DESC) pick
    JOIN reports r2 ON r2.id = pick.id
    CROSS JOIN LATERAL (SELECT COALESCE(r2.sample, jsonb_build_object(
      'metrics', jsonb_build_object(
        'processes', COALESCE((SELECT jsonb_agg(jsonb_build_object('subject', p->'subject', 'rssBytes', p->'rssBytes')) FROM jsonb_array_elements(r2.metrics->'processes') p), '[]'::jsonb),
        'cpuHotplug', r2.metrics->'cpuHotplug'),
      'cpuOnline', (SELECT c2.configuration #>> '{cpu,online}' FROM host_configs c2 WHERE c2.id = r2.config_id))) AS sample) s`;

/** An active silence `s` covering host `h`: by host, by label selector, or fleet-wide. */
export const ACTIVE_SILENCE_FOR_HOST = (s: string, h: string) =>
  `${s}.revoked_at IS NULL AND ${s}.expires_at > now() AND (${s}.host_id = ${h}.id OR (${s}.host_id IS NULL AND (${s}.label_selector IS NULL OR ${h}.labels @> ${s}.label_selector)))`;

export const LOAD_SQL = `
SELECT r.host_id, r.sequence, r.collected_at, r.agent_version, r.metrics, c.configuration,
       h.machine_id, h.dmi_product_uuid, h.labels, h.interval_seconds, h.evaluated_sequence, h.xmin::text AS host_version,
       (${HISTORY_SUBQUERY('r.host_id', 'r.sequence', 'r.collected_at', '$2')}) AS history,
       (SELECT json_agg(json_build_object('id', f.id, 'ruleId', f.rule_id, 'subject', f.subject, 'outcome', f.outcome, 'severity', f.severity))
          FROM findings f WHERE f.host_id = r.host_id) AS existing,
       (SELECT json_agg(DISTINCT s.rule_id) FROM silences s WHERE ${ACTIVE_SILENCE_FOR_HOST('s', 'h')}) AS silenced_rules
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
  UPDATE hosts SET critical_count = $9, warning_count = $10, info_count = $11, evaluated_sequence = GREATEST(evaluated_sequence, $3)
   WHERE id = $1 AND xmin = $12::text::xid AND evaluated_sequence <= $3 RETURNING id
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

/** Parameters of STORE_SQL: transitions are computed here against the findings LOAD_SQL returned. */
export function storeParams(
  hostId: string,
  reportId: string,
  sequence: number,
  revision: string,
  results: RuleResult[],
  existing: StoredFindingState[],
  hostVersion: string,
  silencedRules: ReadonlySet<string>,
): unknown[] {
  const byKey = new Map(existing.map((f) => [findingKey(f.ruleId, f.subject), f]));
  const seen = new Set<string>();
  const events: { finding_id: string | null; rule_id: string; subject: string; kind: string; severity: string | null; previous_severity: string | null }[] = [];
  const counts = { critical: 0, warning: 0, info: 0 };
  const input = results.map((r) => {
    const key = findingKey(r.ruleId, r.subject);
    seen.add(key);
    const t = transitionOf(byKey.get(key), r);
    if (t) events.push({ finding_id: null, rule_id: r.ruleId, subject: r.subject, kind: t.kind, severity: t.severity, previous_severity: t.previousSeverity });
    const silenced = silencedRules.has(r.ruleId);
    // Silenced hits are recorded but left out of the host's totals.
    if (r.outcome === 'hit' && r.severity && !silenced) counts[r.severity]++;
    return {
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
      silenced,
    };
  });
  // A vanished hit stays as a resolved row (its history matters); other vanished rows just go.
  const vanished = existing.filter((f) => !seen.has(findingKey(f.ruleId, f.subject)));
  const resolved = vanished.filter((f) => f.outcome === 'hit');
  for (const f of resolved) events.push({ finding_id: f.id, rule_id: f.ruleId, subject: f.subject, kind: 'resolved', severity: null, previous_severity: f.severity });
  const dropped = vanished.filter((f) => f.outcome !== 'hit').map((f) => f.id);
  return [hostId, reportId, sequence, revision, JSON.stringify(input), resolved.map((f) => f.id), dropped, JSON.stringify(events), counts.critical, counts.warning, counts.info, hostVersion];
}

/** Host totals from stored findings, leaving silenced ones out; for the hosts of one rule or all. */
export const RECOUNT_HOSTS_SQL = (hostFilter: string) => `
UPDATE hosts h SET
  critical_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'critical'),
  warning_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'warning'),
  info_count = (SELECT count(*) FROM findings f WHERE f.host_id = h.id AND f.outcome = 'hit' AND NOT f.silenced AND f.severity = 'info')
WHERE ${hostFilter}`;

/**
 * Re-applies silences to one rule's findings (after a silence is created, revoked or expires) and
 * recounts the hosts whose findings changed.
 */
export const APPLY_SILENCES_SQL = `
WITH changed AS (
  UPDATE findings f SET silenced = x.now_silenced
    FROM (SELECT f2.id, EXISTS (SELECT 1 FROM silences s WHERE s.rule_id = f2.rule_id AND ${ACTIVE_SILENCE_FOR_HOST('s', 'h')}) AS now_silenced
            FROM findings f2 JOIN hosts h ON h.id = f2.host_id WHERE f2.rule_id = $1) x
   WHERE f.id = x.id AND f.silenced <> x.now_silenced
  RETURNING f.host_id
)
SELECT DISTINCT host_id FROM changed`;

/** A page of active hosts with their latest report and history, and their current hits of rule $3 (for previews). */
export const LATEST_REPORTS_PAGE_SQL = `
SELECT h.id AS host_id, r.sequence, r.collected_at, r.agent_version, r.metrics, c.configuration,
       h.machine_id, h.dmi_product_uuid, h.labels, h.interval_seconds,
       (${HISTORY_SUBQUERY('h.id', 'r.sequence', 'r.collected_at', '$4')}) AS history,
       (SELECT json_agg(f.severity) FROM findings f WHERE f.host_id = h.id AND f.rule_id = $3 AND f.outcome = 'hit') AS hits
  FROM hosts h JOIN reports r ON r.id = h.latest_report_id JOIN host_configs c ON c.id = r.config_id
 WHERE h.retired_at IS NULL AND h.id > $1
 ORDER BY h.id LIMIT $2`;
