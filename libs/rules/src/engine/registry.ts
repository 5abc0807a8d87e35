import { createHash } from 'node:crypto';
import type { FactKey } from './facts';
import type { RuleDefinition } from './rule-definition';

/** Short stable hash of every rule's id, version and default thresholds: changes when the catalogue does. */
export function revisionOf(rules: readonly RuleDefinition[]): string {
  const text = rules
    .map((r) => `${r.id}@${r.version}:${r.thresholds.map((t) => `${t.name}=${t.default}`).join(',')}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

export function defaultsOf(rules: readonly RuleDefinition[]): Record<string, Record<string, number>> {
  return Object.fromEntries(rules.map((r) => [r.id, Object.fromEntries(r.thresholds.map((t) => [t.name, t.default]))]));
}

/** Rule id → the fact keys it declared (what a caller compares to tell whether a rule can see anything new). */
export function inputsOf(rules: readonly RuleDefinition[]): Record<string, readonly FactKey[]> {
  return Object.fromEntries(rules.map((r) => [r.id, r.inputs]));
}
