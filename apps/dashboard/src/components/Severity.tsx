import type { Outcome, Severity } from '../api/types';

const ICON: Record<Severity, string> = { critical: '▲', warning: '●', info: 'ℹ' };

/** Colour AND text (and a shape), so severity never depends on colour vision alone. */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity) return <span className="badge badge-none">no severity</span>;
  return (
    <span className={`badge sev-${severity}`}>
      <span aria-hidden="true">{ICON[severity]} </span>
      {severity}
    </span>
  );
}

const OUTCOME_LABEL: Record<Outcome, string> = { hit: 'hit', pass: 'pass', 'not-applicable': 'not applicable', 'not-evaluated': 'not evaluated' };

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return <span className={`badge outcome-${outcome}`}>{OUTCOME_LABEL[outcome]}</span>;
}

export function StaleBadge({ stale }: { stale: boolean }) {
  if (!stale) return null;
  return (
    <span className="badge stale" title="No report for two intervals: its facts may be out of date">
      stale
    </span>
  );
}

/** Counts per severity; zero counts are muted so non-zero ones stand out. */
export function SeverityCount({ severity, count }: { severity: Severity; count: number }) {
  return (
    <span className={count > 0 ? `count sev-text-${severity}` : 'count zero'} aria-label={`${count} ${severity}`}>
      {count}
    </span>
  );
}
