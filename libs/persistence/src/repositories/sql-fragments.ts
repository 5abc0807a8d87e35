// SQL shared by more than one repository statement. Kept as text so every statement stays one literal
// string PostgreSQL can prepare; the snapshot under ../queries shows each statement expanded.

/**
 * Earlier samples for history-aware rules: the newest report of each half-hour of the last `limit`
 * half-hours (so a 6 h window is covered by 12 samples whatever the report interval), earlier in report
 * order (agent instance epoch, then sequence), from report_samples (see report-rows.ts). The pick reads
 * only index-sized columns; the chosen samples are read after. A sample's report id is its arrival day,
 * never before its collection (less a day for an agent clock that runs ahead), so only the day
 * partitions of the window are read.
 */
export const HISTORY_SUBQUERY = (hostId: string, epoch: string, sequence: string, collectedAt: string, limit: string) => `
  SELECT json_agg(json_build_object('sequence', s.sequence, 'collected_at', s.collected_at, 'metrics', s.sample->'metrics', 'cpu_online', s.sample->>'cpuOnline') ORDER BY s.epoch, s.sequence)
    FROM (SELECT DISTINCT ON (floor(extract(epoch FROM s3.collected_at) / 1800)) s3.report_id
            FROM report_samples s3
           WHERE s3.host_id = ${hostId} AND (s3.epoch, s3.sequence) < (${epoch}, ${sequence}) AND s3.collected_at > ${collectedAt} - make_interval(mins => 30 * ${limit})
             AND s3.report_id >= memfleet_uuid7_floor(${collectedAt} - make_interval(mins => 30 * ${limit}) - interval '1 day')
           ORDER BY floor(extract(epoch FROM s3.collected_at) / 1800), s3.epoch DESC, s3.sequence DESC) pick
    JOIN report_samples s ON s.report_id = pick.report_id`;

/** An active silence `s` covering host `h`: by host, by label selector, or fleet-wide. */
export const ACTIVE_SILENCE_FOR_HOST = (s: string, h: string) =>
  `${s}.revoked_at IS NULL AND ${s}.expires_at > now() AND (${s}.host_id = ${h}.id OR (${s}.host_id IS NULL AND (${s}.label_selector IS NULL OR ${h}.labels @> ${s}.label_selector)))`;

/** A host `h` that sent no report for two of its intervals. */
export const STALE_SQL = `(h.last_seen_at IS NULL OR h.last_seen_at < now() - make_interval(secs => 2 * h.interval_seconds))`;

/** Host columns as the API names them; `stale` = no report for two intervals. */
export const HOST_SELECT = `h.id, h.hostname, h.machine_id AS "machineId", h.labels, h.last_seen_at AS "lastSeenAt", h.interval_seconds AS "intervalSeconds",
  ${STALE_SQL} AS stale,
  h.retired_at AS "retiredAt", h.agent_version AS "agentVersion", h.architecture, h.hypervisor, h.kernel_release AS "kernelRelease",
  h.thp_enabled AS "thpEnabled", h.overcommit_memory AS "overcommitMemory", h.cpu_online_count AS "cpuOnlineCount",
  h.mem_total_bytes::float8 AS "memTotalBytes", h.critical_count, h.warning_count, h.info_count`;

/** Finding columns as the API names them (expects findings f JOIN hosts h). */
export const FINDING_SELECT = `f.id, f.host_id AS "hostId", h.hostname, f.rule_id AS "ruleId", f.rule_version AS "ruleVersion", f.subject, f.outcome, f.severity,
  f.summary, f.evidence, f.remediation, f.missing, f.thresholds, f.first_seen_at AS "firstSeenAt", f.last_seen_at AS "lastSeenAt",
  f.opened_at AS "openedAt", f.resolved_at AS "resolvedAt", f.silenced,
  -- The silence that ends last among those covering it: who silenced it, why, and until when.
  CASE WHEN f.silenced THEN (SELECT json_build_object('id', s.id, 'reason', s.reason, 'author', s.author,
      'expiresAt', to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    FROM silences s WHERE s.rule_id = f.rule_id AND ${ACTIVE_SILENCE_FOR_HOST('s', 'h')} ORDER BY s.expires_at DESC, s.id LIMIT 1) END AS silence`;

/** Builds `$n` placeholders while collecting parameters, for statements whose filters vary. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Keyset pagination: the sort value and id of the last row of the previous page. */
export interface KeysetCursor {
  v: string | number | null;
  id: string;
}

/** The type of a sort key, so a cursor's value can be checked before it is bound (an int4, an int8 as digits, timestamptz or text). */
export type KeysetKind = 'integer' | 'bigint' | 'timestamp' | 'text';

/** A LIKE pattern matching `text` literally. */
export const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** A row of an export batch: `sort_value` is its sort key as PostgreSQL's text, which binds back exactly for the next batch. */
export type ExportRow<T> = T & { sort_value: string };
