import type { RuleResult } from '@memfleet/contracts';
import type { EvaluationWrite, FindingEventWrite, StoredFindingState } from '@memfleet/persistence';
import { findingKey, transitionOf } from './finding-transitions';

/**
 * What one evaluation writes, from the rule results and the findings the load returned: the upserted
 * results, transition events, vanished subjects to resolve or drop, and the host's unsilenced hit counts.
 * `ran` names the rules that ran when not all did: the findings of the others stay as they are (none of
 * their subjects vanished, since the rule did not look) and still count in the host's totals.
 */
export function evaluationWrite(
  hostId: string,
  reportId: string,
  order: { epoch: number; sequence: number },
  catalogueRevision: string,
  results: RuleResult[],
  existing: StoredFindingState[],
  hostVersion: string,
  silencedRules: ReadonlySet<string>,
  ran: ReadonlySet<string> | null = null,
): EvaluationWrite {
  const kept = ran ? existing.filter((f) => !ran.has(f.ruleId)) : [];
  const looked = ran ? existing.filter((f) => ran.has(f.ruleId)) : existing;
  const byKey = new Map(looked.map((f) => [findingKey(f.ruleId, f.subject), f]));
  const seen = new Set<string>();
  const events: FindingEventWrite[] = [];
  const counts = { critical: 0, warning: 0, info: 0 };
  const findings = results.map((r) => {
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
  for (const f of kept) if (f.outcome === 'hit' && f.severity && !silencedRules.has(f.ruleId)) counts[f.severity]++;
  // A vanished hit stays as a resolved row (its history matters); other vanished rows just go.
  const vanished = looked.filter((f) => !seen.has(findingKey(f.ruleId, f.subject)));
  const resolved = vanished.filter((f) => f.outcome === 'hit');
  for (const f of resolved)
    events.push({ finding_id: f.id, rule_id: f.ruleId, subject: f.subject, kind: 'resolved', severity: null, previous_severity: f.severity });
  const droppedIds = vanished.filter((f) => f.outcome !== 'hit').map((f) => f.id);
  return {
    hostId,
    reportId,
    epoch: order.epoch,
    sequence: order.sequence,
    catalogueRevision,
    findings,
    resolvedIds: resolved.map((f) => f.id),
    droppedIds,
    events,
    counts,
    hostVersion,
  };
}
