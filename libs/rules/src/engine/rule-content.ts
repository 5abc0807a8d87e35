import type { Evidence, EvidenceUnit, MissingFact } from '@memfleet/contracts';
import type { RemediationSet } from './render';

export interface RuleSource {
  title: string;
  url: string;
}

/** A sentence or phrase a result carries, fixed or filled from the values the rule computed. */
export type Phrase = string | ((...values: never[]) => string);

/**
 * Everything a person reads about a rule, kept in `<id>.content.ts` apart from its logic: the docs and rule page
 * text, the words of every result (summaries, evidence labels, what supplies a missing fact) and the remediation
 * templates. The rule module picks which text applies and fills it; it holds no prose of its own.
 */
export interface RuleContentSpec {
  title: string;
  /** One paragraph; says where the underlying facts are unconfirmed. */
  explanation: string;
  severityLogic: string;
  /** When the other outcomes occur, in words (for docs and the rule page). */
  outcomes: { pass: string; notApplicable: string; notEvaluated: string };
  /** The report fields behind the rule's inputs (contract paths), for docs and the rule page. */
  facts: readonly string[];
  sources: readonly RuleSource[];
  /** What each threshold means, by threshold name. */
  thresholds: Readonly<Record<string, string>>;
  /** Evidence labels, by evidence key. */
  evidence: Readonly<Record<string, string>>;
  /** The summaries of the rule's results and the phrases results are built from (text evidence, remediation values). */
  summaries: Readonly<Record<string, Phrase>>;
  /** The facts a not-evaluated result names and what would supply them. */
  missing: Readonly<Record<string, MissingFact | ((...values: never[]) => MissingFact)>>;
  /** The remediation steps, with `{holes}` the rule fills from this host's values. */
  remediation: RemediationSet<string>;
}

export type RuleContent<C extends RuleContentSpec> = C & {
  /** One piece of evidence, labelled from the content. */
  ev(key: keyof C['evidence'] & string, value: Evidence['value'], unit: EvidenceUnit): Evidence;
};

/** A rule's content, with an evidence helper whose keys are checked against the labels. */
export function ruleContent<C extends RuleContentSpec>(content: C): RuleContent<C> {
  const labels: Readonly<Record<string, string>> = content.evidence;
  // Results share these objects; frozen so no consumer can edit the content through one of them.
  for (const m of Object.values(content.missing)) if (typeof m === 'object') Object.freeze(m);
  return { ...content, ev: (key, value, unit) => ({ key, label: labels[key], value, unit }) };
}
