import type { RuleResult, Severity } from '@memfleet/contracts';
import type { StoredFindingState } from '@memfleet/persistence';

export type TransitionKind = 'opened' | 'severity-changed' | 'resolved';

export interface Transition {
  kind: TransitionKind;
  severity: Severity | null;
  previousSeverity: Severity | null;
}

export const findingKey = (ruleId: string, subject: string): string => `${ruleId}\u0000${subject}`;

/** What a new result means for the stored finding: only real transitions become events. */
export function transitionOf(prev: StoredFindingState | undefined, next: Pick<RuleResult, 'outcome' | 'severity'>): Transition | null {
  const wasHit = prev?.outcome === 'hit';
  const isHit = next.outcome === 'hit';
  if (!wasHit && isHit) return { kind: 'opened', severity: next.severity, previousSeverity: null };
  if (wasHit && !isHit) return { kind: 'resolved', severity: null, previousSeverity: prev!.severity };
  if (wasHit && isHit && prev!.severity !== next.severity) return { kind: 'severity-changed', severity: next.severity, previousSeverity: prev!.severity };
  return null;
}
