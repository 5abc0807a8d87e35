import { AUDIT_LIST_LIMIT, type AuditSummary } from '@memfleet/contracts';
import type { AuditsRepository, AuditTotals, HitChangeRow, HostChangeRow } from '@memfleet/persistence';
import { ruleById } from '@memfleet/rules';
import { patternHeadline, worstEvidenceKeys } from './pattern-headlines';

type Sections = Partial<Omit<AuditSummary, 'generatedAt' | 'scope' | 'previousAuditId'>> & { totals?: AuditTotals };

// Each step runs one or two statements in PostgreSQL and keeps only their bounded answer; progress is
// stored after each, so GET /api/v1/audits/:id shows where a run is.
const STEPS: { name: string; run: (r: AuditsRepository, id: string, s: Sections) => Promise<void> }[] = [
  { name: 'snapshot of the hits', run: async (r, id) => void (await r.snapshotHits(id)) },
  { name: 'fleet', run: async (r, id, s) => void (s.fleet = await r.fleet(id)) },
  { name: 'not evaluated', run: async (r, id, s) => void (s.notEvaluated = await r.notEvaluated(id)) },
  {
    name: 'findings by rule',
    run: async (r, id, s) => {
      const rows = await r.findingsByRule(id);
      const { ruleId: _all, ...totals } = rows.find((row) => row.ruleId === null) ?? { ruleId: null, critical: 0, warning: 0, info: 0, silenced: 0, hosts: 0 };
      s.totals = totals;
      s.findings = {
        totals,
        byRule: rows.flatMap(({ ruleId, ...n }) => (ruleId === null ? [] : [{ ruleId, title: titleOf(ruleId), ...n }])),
      };
    },
  },
  {
    name: 'silenced',
    run: async (r, id, s) => {
      const rows = await r.silenced(id, AUDIT_LIST_LIMIT);
      s.silenced = {
        total: rows[0]?.total ?? 0,
        items: rows.map(({ total: _t, expiresAt, ...hit }) => ({ ...hit, expiresAt: new Date(expiresAt).toISOString() })),
      };
    },
  },
  {
    name: 'changes since the previous audit',
    run: async (r, id, s) => {
      const previous = await r.previous(id);
      if (!previous) {
        s.changes = null;
        return;
      }
      const [hits, hosts] = [await r.hitChanges(id, AUDIT_LIST_LIMIT), await r.hostChanges(id, AUDIT_LIST_LIMIT)];
      s.changes = {
        since: new Date(previous.startedAt).toISOString(),
        opened: hitList(hits, 'opened'),
        resolved: hitList(hits, 'resolved'),
        escalated: hitList(hits, 'escalated'),
        hostsAppeared: hostList(hosts, 'appeared'),
        hostsStale: hostList(hosts, 'stale'),
      };
    },
  },
  {
    name: 'remediations',
    run: async (r, id, s) => {
      const rows = await r.remediations(id, AUDIT_LIST_LIMIT);
      s.remediations = rows.map((row) => ({
        key: row.key,
        title: row.title,
        effect: row.effect,
        ruleIds: row.ruleIds,
        hosts: { total: row.total, items: row.items },
      }));
    },
  },
  {
    name: 'patterns',
    run: async (r, id, s) => {
      const rows = await r.patterns(id, AUDIT_LIST_LIMIT, worstEvidenceKeys());
      s.patterns = rows.map((row) => ({
        ruleId: row.ruleId,
        title: titleOf(row.ruleId),
        headline: patternHeadline({ ruleId: row.ruleId, hosts: row.total, worstHost: row.items[0]?.hostname ?? null, worstValue: row.worst }),
        hosts: { total: row.total, items: row.items },
      }));
    },
  },
  {
    name: 'time to fix and recurrence',
    run: async (r, id, s) => {
      const rows = await r.fixes(id);
      s.timeToFix = rows.map((row) => ({ ruleId: row.ruleId, resolved: row.resolvedEvents, medianSeconds: row.medianSeconds, p90Seconds: row.p90Seconds }));
      s.recurrence = rows.map((row) => ({ ruleId: row.ruleId, recurred: row.recurred, resolved: row.resolvedFindings }));
    },
  },
];

export const AUDIT_STEPS = STEPS.length;

const titleOf = (ruleId: string) => ruleById(ruleId)?.title ?? ruleId;

function hitList(rows: HitChangeRow[], kind: HitChangeRow['kind']) {
  const of = rows.filter((row) => row.kind === kind);
  return {
    total: of[0]?.total ?? 0,
    items: of.map(({ hostId, hostname, ruleId, subject, severity, previousSeverity }) => ({ hostId, hostname, ruleId, subject, severity, previousSeverity })),
  };
}

function hostList(rows: HostChangeRow[], kind: HostChangeRow['kind']) {
  const of = rows.filter((row) => row.kind === kind);
  return { total: of[0]?.total ?? 0, items: of.map(({ hostId, hostname }) => ({ hostId, hostname })) };
}

export type AuditRunResult = 'done' | 'already-done' | 'missing';

/**
 * Computes and stores one audit: marks it running, snapshots its hits, runs the section statements
 * (progress after each) and stores the summary. A finished audit is never recomputed; a run cut short
 * starts over from its snapshot. Used by the RunAudit job and the benchmark alike.
 */
export async function runAudit(repo: AuditsRepository, auditId: string, onStep?: (step: string) => void): Promise<AuditRunResult> {
  const existing = await repo.get(auditId);
  if (!existing) return 'missing';
  if (existing.status === 'done' || !(await repo.start(auditId, STEPS.length))) return 'already-done';
  const started = (await repo.get(auditId))!;
  const sections: Sections = {};
  for (const [i, step] of STEPS.entries()) {
    await repo.setProgress(auditId, { step: step.name, done: i, total: STEPS.length });
    onStep?.(step.name);
    await step.run(repo, auditId, sections);
  }
  const { totals, ...rest } = sections;
  const summary: AuditSummary = {
    generatedAt: new Date(started.startedAt!).toISOString(),
    scope: started.scope,
    previousAuditId: started.previousAuditId,
    ...(rest as Omit<AuditSummary, 'generatedAt' | 'scope' | 'previousAuditId'>),
  };
  // Another run of the same job finished first (a stalled job run twice): that one is the audit.
  return (await repo.finish(auditId, summary, totals!)) ? 'done' : 'already-done';
}
