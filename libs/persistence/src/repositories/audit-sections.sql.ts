import { STALE_SQL } from './sql-fragments';

// The statements that compute a fleet audit's sections, each one pass over PostgreSQL's own tables. Every
// statement takes the audit's id as $1 and reads its scope (a label selector, `{}` = the whole fleet)
// from the audits row, so a section is always computed for the audit it is stored in.

/** The active hosts of the audit's scope, `h`, with the audit `a`. */
const SCOPED_HOSTS = `audits a JOIN hosts h ON h.labels @> a.scope AND h.retired_at IS NULL`;

const SEVERITY_RANK = (col: string) => `CASE ${col} WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END`;

/** "label: value unit; …" in evidence order; units that read as plain words are left out. */
const EVIDENCE_SUMMARY = `COALESCE((SELECT string_agg((e->>'label') || ': ' || COALESCE(e->>'value', 'unknown')
    || CASE WHEN e->>'unit' IN ('text', 'flag', 'count') THEN '' ELSE ' ' || (e->>'unit') END, '; ' ORDER BY n)
  FROM jsonb_array_elements(f.evidence) WITH ORDINALITY x(e, n)), '')`;

/**
 * Copies every hit of the scope's active hosts into audit_hits, numbered in export order (host name,
 * rule, subject): the audit keeps host names, labels, evidence and remediations as they are now.
 */
export const SNAPSHOT_HITS_SQL = `
INSERT INTO audit_hits (audit_id, ord, host_id, hostname, labels, rule_id, severity, subject, first_seen_at, silenced, summary, evidence,
                        evidence_summary, remediation_key, remediation_text, remediation)
SELECT a.id, row_number() OVER (ORDER BY h.hostname, h.id, f.rule_id, f.subject)::int, h.id, h.hostname, h.labels, f.rule_id, f.severity, f.subject,
       COALESCE(f.opened_at, f.first_seen_at), f.silenced, f.summary, f.evidence, ${EVIDENCE_SUMMARY},
       f.remediation->0->>'key', f.remediation->0->>'text',
       COALESCE((SELECT jsonb_agg(jsonb_build_object('key', r->>'key', 'title', r->>'title', 'text', r->>'text', 'effect', r->>'effect') ORDER BY n)
                   FROM jsonb_array_elements(f.remediation) WITH ORDINALITY y(r, n)), '[]'::jsonb)
  FROM ${SCOPED_HOSTS} JOIN findings f ON f.host_id = h.id AND f.outcome = 'hit' AND f.severity IS NOT NULL
 WHERE a.id = $1`;

/** Hosts of the scope by state; retired hosts are counted apart and nowhere else. */
export const FLEET_SQL = `
SELECT count(*) FILTER (WHERE h.retired_at IS NULL)::int AS total,
       count(*) FILTER (WHERE h.retired_at IS NULL AND NOT ${STALE_SQL})::int AS reporting,
       count(*) FILTER (WHERE h.retired_at IS NULL AND ${STALE_SQL})::int AS stale,
       count(*) FILTER (WHERE h.retired_at IS NOT NULL)::int AS retired
  FROM audits a JOIN hosts h ON h.labels @> a.scope
 WHERE a.id = $1`;

/** Facts some rule needed and did not get, with what supplies each, the rules asking and the hosts lacking it. */
export const NOT_EVALUATED_SQL = `
SELECT m->>'fact' AS fact, COALESCE(m->>'suppliedBy', '') AS "suppliedBy",
       array_agg(DISTINCT f.rule_id ORDER BY f.rule_id) AS "ruleIds", count(DISTINCT f.host_id)::int AS hosts
  FROM ${SCOPED_HOSTS} JOIN findings f ON f.host_id = h.id AND f.outcome = 'not-evaluated'
 CROSS JOIN jsonb_array_elements(f.missing) m
 WHERE a.id = $1
 GROUP BY 1, 2
 ORDER BY hosts DESC, fact, "suppliedBy"`;

/** Hits by rule × severity (silenced counted apart), and the totals as the row whose rule is null. */
export const FINDINGS_BY_RULE_SQL = `
SELECT rule_id AS "ruleId",
       count(*) FILTER (WHERE NOT silenced AND severity = 'critical')::int AS critical,
       count(*) FILTER (WHERE NOT silenced AND severity = 'warning')::int AS warning,
       count(*) FILTER (WHERE NOT silenced AND severity = 'info')::int AS info,
       count(*) FILTER (WHERE silenced)::int AS silenced,
       count(DISTINCT host_id) FILTER (WHERE NOT silenced)::int AS hosts
  FROM audit_hits WHERE audit_id = $1
 GROUP BY GROUPING SETS ((rule_id), ())
 ORDER BY rule_id IS NULL DESC, hosts DESC, rule_id`;

/**
 * The silenced hits with the silence covering each (rule + its host, its labels, or fleet-wide, as
 * sql-fragments' ACTIVE_SILENCE_FOR_HOST): an active one first, the longest-lasting of those.
 */
export const SILENCED_SQL = `
SELECT count(*) OVER ()::int AS total, ah.host_id AS "hostId", ah.hostname, ah.rule_id AS "ruleId", ah.subject, ah.severity,
       COALESCE(s.reason, '') AS reason, COALESCE(s.author, '') AS author, COALESCE(s.expires_at, a.started_at) AS "expiresAt"
  FROM audits a JOIN audit_hits ah ON ah.audit_id = a.id AND ah.silenced
  LEFT JOIN LATERAL (
    SELECT s.reason, s.author, s.expires_at FROM silences s
     WHERE s.rule_id = ah.rule_id AND (s.host_id = ah.host_id OR (s.host_id IS NULL AND (s.label_selector IS NULL OR ah.labels @> s.label_selector)))
     ORDER BY (s.revoked_at IS NULL AND s.expires_at > a.started_at) DESC, s.expires_at DESC LIMIT 1) s ON true
 WHERE a.id = $1
 ORDER BY ah.ord
 LIMIT $2`;

/** The previous finished audit of the same scope, started before this one. */
export const PREVIOUS_AUDIT_SQL = (a: string) =>
  `(SELECT p.id FROM audits p WHERE p.status = 'done' AND p.scope = ${a}.scope AND p.id <> ${a}.id AND p.started_at < COALESCE(${a}.started_at, now())
     ORDER BY p.started_at DESC LIMIT 1)`;

/** Hits opened, resolved and escalated (warning → critical) against the previous audit's hits, by host × rule × subject. */
export const HIT_CHANGES_SQL = `
WITH cur AS (SELECT host_id, hostname, rule_id, subject, severity FROM audit_hits WHERE audit_id = $1),
     prev AS (SELECT host_id, hostname, rule_id, subject, severity FROM audit_hits WHERE audit_id = (SELECT previous_audit_id FROM audits WHERE id = $1)),
     j AS (
  SELECT COALESCE(c.host_id, p.host_id) AS host_id, COALESCE(c.hostname, p.hostname) AS hostname, COALESCE(c.rule_id, p.rule_id) AS rule_id,
         COALESCE(c.subject, p.subject) AS subject, COALESCE(c.severity, p.severity) AS severity, p.severity AS previous_severity,
         CASE WHEN p.host_id IS NULL THEN 'opened' WHEN c.host_id IS NULL THEN 'resolved'
              WHEN p.severity = 'warning' AND c.severity = 'critical' THEN 'escalated' END AS kind
    FROM cur c FULL JOIN prev p ON p.host_id = c.host_id AND p.rule_id = c.rule_id AND p.subject = c.subject
   -- A hit of a host that left the scope since (retired, deleted, relabelled) was not fixed: it is not "resolved".
   WHERE c.host_id IS NOT NULL
      OR EXISTS (SELECT 1 FROM hosts h WHERE h.id = p.host_id AND h.retired_at IS NULL AND h.labels @> (SELECT scope FROM audits WHERE id = $1))),
     r AS (
  SELECT j.*, row_number() OVER (PARTITION BY kind ORDER BY hostname, host_id, rule_id, subject) AS rn, count(*) OVER (PARTITION BY kind) AS total
    FROM j WHERE kind IS NOT NULL)
SELECT kind, total::int, host_id AS "hostId", hostname, rule_id AS "ruleId", subject, severity, previous_severity AS "previousSeverity"
  FROM r WHERE rn <= $2
 ORDER BY kind, rn`;

/**
 * Hosts of the scope first seen since the previous audit started, and hosts stale now that were not
 * then (their last report plus two intervals falls after it).
 */
export const HOST_CHANGES_SQL = `
WITH since AS (SELECT p.started_at AS at FROM audits a JOIN audits p ON p.id = a.previous_audit_id WHERE a.id = $1),
     x AS (
  SELECT 'appeared' AS kind, h.id, h.hostname FROM ${SCOPED_HOSTS}, since WHERE a.id = $1 AND h.first_seen_at > since.at
  UNION ALL
  SELECT 'stale', h.id, h.hostname FROM ${SCOPED_HOSTS}, since
   WHERE a.id = $1 AND ${STALE_SQL} AND h.last_seen_at IS NOT NULL AND h.last_seen_at + make_interval(secs => 2 * h.interval_seconds) > since.at),
     r AS (SELECT x.*, row_number() OVER (PARTITION BY kind ORDER BY hostname, id) AS rn, count(*) OVER (PARTITION BY kind) AS total FROM x)
SELECT kind, total::int, id AS "hostId", hostname FROM r WHERE rn <= $2 ORDER BY kind, rn`;

/**
 * Remediation keys of the unsilenced hits per effect (a key can fix on one host and only mitigate on another),
 * the steps that fix first, each ranked by the distinct hosts it applies to, with the rules proposing it, its
 * most common title and the first hosts (by name; one subject each). A step stored without an effect is never
 * counted as a fix.
 */
export const REMEDIATIONS_SQL = `
WITH r AS (
  SELECT x->>'key' AS key, x->>'title' AS title, x->>'text' AS text, x->>'effect' AS effect, ah.rule_id, ah.host_id, ah.hostname, ah.subject, ah.ord
    FROM audit_hits ah CROSS JOIN jsonb_array_elements(ah.remediation) x
   WHERE ah.audit_id = $1 AND NOT ah.silenced),
     k AS (
  SELECT key, effect, count(DISTINCT host_id)::int AS total, array_agg(DISTINCT rule_id ORDER BY rule_id) AS rule_ids, mode() WITHIN GROUP (ORDER BY title) AS title
    FROM r GROUP BY key, effect),
     first AS (
  SELECT *, row_number() OVER (PARTITION BY key, effect ORDER BY hostname, host_id) AS rn
    FROM (SELECT DISTINCT ON (key, effect, host_id) * FROM r ORDER BY key, effect, host_id, ord) one)
SELECT k.key, k.title, k.effect, k.rule_ids AS "ruleIds", k.total,
       json_agg(json_build_object('hostId', f.host_id, 'hostname', f.hostname, 'subject', f.subject, 'text', f.text) ORDER BY f.rn) AS items
  FROM k JOIN first f ON f.key = k.key AND f.effect IS NOT DISTINCT FROM k.effect AND f.rn <= $2
 GROUP BY k.key, k.effect, k.title, k.rule_ids, k.total
 ORDER BY k.effect IS NOT DISTINCT FROM 'fixes' DESC, k.total DESC, k.key, k.effect`;

/**
 * Per rule, its unsilenced hosts worst first: severity, then the rule's headline evidence value
 * ($3: { ruleId: evidence key }), one hit per host. The first row carries the headline's worst value.
 */
export const PATTERNS_SQL = `
WITH w AS (
  SELECT ah.*, ${SEVERITY_RANK('ah.severity')} AS rank,
         (SELECT (e->>'value')::float8 FROM jsonb_array_elements(ah.evidence) e
           WHERE e->>'key' = ($3::jsonb->>ah.rule_id) AND jsonb_typeof(e->'value') = 'number' LIMIT 1) AS worst
    FROM audit_hits ah WHERE ah.audit_id = $1 AND NOT ah.silenced),
     per_host AS (SELECT DISTINCT ON (rule_id, host_id) * FROM w ORDER BY rule_id, host_id, rank DESC, worst DESC NULLS LAST, ord),
     ranked AS (
  SELECT per_host.*, row_number() OVER (PARTITION BY rule_id ORDER BY rank DESC, worst DESC NULLS LAST, hostname, host_id) AS rn,
         count(*) OVER (PARTITION BY rule_id) AS total, count(*) FILTER (WHERE severity = 'critical') OVER (PARTITION BY rule_id) AS critical
    FROM per_host)
SELECT rule_id AS "ruleId", total::int, critical::int, (array_agg(worst ORDER BY rn))[1] AS worst,
       json_agg(json_build_object('hostId', host_id, 'hostname', hostname, 'subject', subject, 'severity', severity, 'summary', summary) ORDER BY rn) AS items
  FROM ranked WHERE rn <= $2
 GROUP BY rule_id, total, critical
 ORDER BY total DESC, rule_id`;

/**
 * From finding events of the scope's hosts up to the audit's start: each 'resolved' paired with the
 * 'opened' of the same finding before it gives a time to fix (median, p90 per rule); a finding counts
 * as recurred when an 'opened' follows one of its 'resolved' within 30 days.
 */
export const FIXES_SQL = `
WITH r AS (
  SELECT e.rule_id, e.finding_id, e.at,
         (SELECT o.at FROM finding_events o WHERE o.finding_id = e.finding_id AND o.kind = 'opened' AND o.at <= e.at ORDER BY o.at DESC, o.id DESC LIMIT 1) AS opened_at,
         EXISTS (SELECT 1 FROM finding_events o WHERE o.finding_id = e.finding_id AND o.kind = 'opened' AND o.at > e.at
                    AND o.at <= LEAST(e.at + interval '30 days', a.started_at)) AS reopened
    FROM audits a JOIN hosts h ON h.labels @> a.scope JOIN finding_events e ON e.host_id = h.id AND e.kind = 'resolved' AND e.at <= a.started_at
   WHERE a.id = $1)
SELECT rule_id AS "ruleId",
       count(*) FILTER (WHERE opened_at IS NOT NULL)::int AS "resolvedEvents",
       -- Rounded to milliseconds: interpolating in float8 leaves digits no one measured.
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - opened_at))::numeric, 3)::float8 AS "medianSeconds",
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM at - opened_at))::numeric, 3)::float8 AS "p90Seconds",
       count(DISTINCT finding_id)::int AS "resolvedFindings",
       count(DISTINCT finding_id) FILTER (WHERE reopened)::int AS recurred
  FROM r
 GROUP BY rule_id
 ORDER BY rule_id`;
