/** Finding columns as the API names them (expects findings f JOIN hosts h). */
export const FINDING_SELECT = `f.id, f.host_id AS "hostId", h.hostname, f.rule_id AS "ruleId", f.rule_version AS "ruleVersion", f.subject, f.outcome, f.severity,
  f.summary, f.evidence, f.remediation, f.missing, f.thresholds, f.first_seen_at AS "firstSeenAt", f.last_seen_at AS "lastSeenAt",
  f.opened_at AS "openedAt", f.resolved_at AS "resolvedAt", f.silenced`;
