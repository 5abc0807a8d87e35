import { formatEvidence, naturalCompare, SEVERITY_RANK, type RemediationEffect, type RuleResult } from '@memfleet/contracts';
import { kindName } from './check-header';

/** Exit code of `check`: 2 when a critical fires, 1 when a warning fires, else 0. */
export function exitCodeFor(results: readonly RuleResult[]): number {
  const hits = results.filter((r) => r.outcome === 'hit');
  if (hits.some((r) => r.severity === 'critical')) return 2;
  if (hits.some((r) => r.severity === 'warning')) return 1;
  return 0;
}

export interface RemediationLike {
  title?: string;
  text?: string;
  commands?: string[];
  effect?: RemediationEffect;
  template?: boolean;
}

export interface FindingLike {
  ruleId: string;
  subject: string;
  outcome: string;
  severity: string | null;
  summary?: string;
  evidence?: Array<{ label?: string; key?: string; value: number | string | boolean | null; unit: string }>;
  remediation?: RemediationLike[];
  missing?: Array<{ fact: string; suppliedBy: string }>;
}

export interface FindingsContext {
  /** Subject → what its heading adds, e.g. `Redis 7.0.15, running`. */
  subjects?: ReadonlyMap<string, string>;
  /** The host's boot time (epoch seconds): times since boot are also shown as UTC times. */
  bootTimeEpochSeconds?: number | null;
}

const rank = (f: FindingLike) => (f.severity ? ((SEVERITY_RANK as Record<string, number>)[f.severity] ?? 0) : 0);
const HOST = 'host';
const groupName = (subject: string) => subject || HOST;

/** A remediation step as lines, numbered `n`: its effect, and a template command marked as one. */
function stepLines(r: RemediationLike, n: number, indent: string): string[] {
  const effect = r.effect ? `[${r.effect}] ` : '';
  const lines = [`${indent}${n}. ${effect}${r.title ?? ''}${r.text ? ` — ${r.text}` : ''}`];
  if (r.commands?.length && r.template) lines.push(`${indent}     template: put in what the part in capitals stands for, as the step says`);
  for (const c of r.commands ?? []) lines.push(`${indent}     $ ${c}`);
  return lines;
}

/** `4 Redis instances` (by the kind the subjects start with), or `2 instances` when they differ. */
function instances(subjects: readonly string[]): string {
  const kinds = new Set(subjects.map((s) => /^([a-z]+):/.exec(s)?.[1] ?? ''));
  const [kind] = [...kinds];
  const named = kinds.size === 1 && kind && kind !== 'process' ? `${kindName(kind)} ` : '';
  return `${subjects.length} ${named}instances`;
}

const blockTitle = (b: SharedSteps) => `${b.ruleId} affects ${instances(b.subjects)}`;

interface SharedSteps {
  ruleId: string;
  subjects: string[];
  /** The steps, numbered as in the first subject's hit. */
  steps: { n: number; step: RemediationLike }[];
}

/**
 * The remediation steps that several subjects' hits of one rule render identically (a host-wide setting behind
 * several instances' findings), each set of subjects one block: said once for all of them, not per instance.
 * `sharedOf` tells, per hit, the indexes of its steps said in a block, and the blocks.
 */
function sharedSteps(hits: readonly FindingLike[]): { blocks: SharedSteps[]; sharedOf: Map<FindingLike, { indexes: Set<number>; blocks: SharedSteps[] }> } {
  const blocks = new Map<string, SharedSteps>();
  const sharedOf = new Map<FindingLike, { indexes: Set<number>; blocks: SharedSteps[] }>();
  const byRule = new Map<string, FindingLike[]>();
  for (const h of hits) byRule.set(h.ruleId, [...(byRule.get(h.ruleId) ?? []), h]);
  for (const [ruleId, ruleHits] of byRule) {
    // rendered step (numbering aside) → the hits that have it, at which index
    const holders = new Map<string, { hit: FindingLike; index: number }[]>();
    for (const hit of ruleHits)
      (hit.remediation ?? []).forEach((r, index) => {
        const text = JSON.stringify(stepLines(r, 0, ''));
        holders.set(text, [...(holders.get(text) ?? []), { hit, index }]);
      });
    for (const held of holders.values()) {
      const subjects = [...new Set(held.map((h) => h.hit.subject))].sort(naturalCompare);
      if (subjects.length < 2) continue;
      const key = `${ruleId}\n${subjects.join('\n')}`;
      const block = blocks.get(key) ?? { ruleId, subjects, steps: [] };
      blocks.set(key, block);
      block.steps.push({ n: held[0].index + 1, step: held[0].hit.remediation![held[0].index] });
      for (const { hit, index } of held) {
        const of = sharedOf.get(hit) ?? { indexes: new Set<number>(), blocks: [] };
        of.indexes.add(index);
        if (!of.blocks.includes(block)) of.blocks.push(block);
        sharedOf.set(hit, of);
      }
    }
  }
  return { blocks: [...blocks.values()], sharedOf };
}

/**
 * Human text, grouped per subject (host-level results under "host"): what fired, worst first, with evidence
 * and remediation, then what could not be judged; remediation steps several instances share once at the end;
 * the counts last.
 */
export function formatFindings(results: readonly FindingLike[], ctx: FindingsContext = {}): string {
  const hits = results
    .filter((r) => r.outcome === 'hit')
    .sort((a, b) => rank(b) - rank(a) || a.ruleId.localeCompare(b.ruleId) || naturalCompare(a.subject, b.subject));
  const unknown = results.filter((r) => r.outcome === 'not-evaluated');
  const { blocks, sharedOf } = sharedSteps(hits);
  const worst = new Map<string, number>();
  for (const r of [...hits, ...unknown]) worst.set(r.subject, Math.max(worst.get(r.subject) ?? 0, r.outcome === 'hit' ? rank(r) + 1 : 0));
  const subjects = [...worst.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : worst.get(b)! - worst.get(a)! || naturalCompare(a, b)));

  const lines: string[] = [];
  for (const subject of subjects) {
    const about = ctx.subjects?.get(subject);
    lines.push(`${groupName(subject)}${about ? ` (${about})` : ''}`);
    for (const f of hits.filter((h) => h.subject === subject)) {
      lines.push(`  ${(f.severity ?? 'info').toUpperCase()} ${f.ruleId}`);
      if (f.summary) lines.push(`    ${f.summary}`);
      for (const e of f.evidence ?? [])
        lines.push(`    - ${e.label ?? e.key}: ${formatEvidence(e, { form: 'long', bootTimeEpochSeconds: ctx.bootTimeEpochSeconds })}`);
      const shared = sharedOf.get(f);
      (f.remediation ?? []).forEach((r, i) => {
        if (!shared?.indexes.has(i)) lines.push(...stepLines(r, i + 1, '    '));
      });
      for (const b of shared?.blocks ?? []) lines.push(`    remediation: see "${blockTitle(b)}" below`);
    }
    for (const f of unknown.filter((u) => u.subject === subject)) {
      const missing = (f.missing ?? []).map((m) => `${m.fact} (supplied by ${m.suppliedBy})`).join('; ');
      lines.push(`  not evaluated ${f.ruleId}${missing ? `: missing ${missing}` : f.summary ? `: ${f.summary}` : ''}`);
    }
    lines.push('');
  }
  for (const b of blocks) {
    lines.push(`${blockTitle(b)} (${b.subjects.map(groupName).join(', ')}); once for all of them:`);
    for (const { n, step } of b.steps) lines.push(...stepLines(step, n, '  '));
    lines.push('');
  }
  const passed = results.filter((r) => r.outcome === 'pass').length;
  lines.push(`${hits.length} finding(s), ${passed} passed, ${unknown.length} not evaluated.`);
  return `${lines.join('\n')}\n`;
}

/** The fields `check --json` promises: the flat array of results, one per rule and subject. */
export function jsonFindings(results: readonly RuleResult[]) {
  return results.map((r) => ({
    ruleId: r.ruleId,
    ruleVersion: r.ruleVersion,
    subject: r.subject,
    severity: r.severity,
    outcome: r.outcome,
    summary: r.summary,
    evidence: r.evidence,
    remediation: r.remediation,
    ...(r.missing ? { missing: r.missing } : {}),
  }));
}
