import { SEVERITY_RANK, type RuleResult } from '@memfleet/contracts';

/** Exit code of `check`: 2 when a critical fires, 1 when a warning fires, else 0. */
export function exitCodeFor(results: readonly RuleResult[]): number {
  const hits = results.filter((r) => r.outcome === 'hit');
  if (hits.some((r) => r.severity === 'critical')) return 2;
  if (hits.some((r) => r.severity === 'warning')) return 1;
  return 0;
}

export interface FindingLike {
  ruleId: string;
  subject: string;
  outcome: string;
  severity: string | null;
  summary?: string;
  evidence?: Array<{ label?: string; key?: string; value: unknown; unit?: string }>;
  remediation?: Array<{ title?: string; text?: string; commands?: string[] }>;
  missing?: Array<{ fact: string; suppliedBy: string }>;
}

const rank = (f: FindingLike) => (f.severity ? ((SEVERITY_RANK as Record<string, number>)[f.severity] ?? 0) : 0);

/** Human text: what fired (worst first) with evidence and remediation, then what could not be judged. */
export function formatFindings(results: readonly FindingLike[]): string {
  const hits = results.filter((r) => r.outcome === 'hit').sort((a, b) => rank(b) - rank(a) || a.ruleId.localeCompare(b.ruleId));
  const unknown = results.filter((r) => r.outcome === 'not-evaluated');
  const lines: string[] = [];
  for (const f of hits) {
    lines.push(`${(f.severity ?? 'info').toUpperCase()} ${f.ruleId}${f.subject ? ` [${f.subject}]` : ''}`);
    if (f.summary) lines.push(`  ${f.summary}`);
    for (const e of f.evidence ?? [])
      lines.push(`  - ${e.label ?? e.key}: ${String(e.value)}${e.unit && e.unit !== 'text' && e.unit !== 'flag' ? ` ${e.unit}` : ''}`);
    (f.remediation ?? []).forEach((r, i) => {
      lines.push(`  ${i + 1}. ${r.title ?? ''}${r.text ? ` — ${r.text}` : ''}`);
      for (const c of r.commands ?? []) lines.push(`       $ ${c}`);
    });
    lines.push('');
  }
  for (const f of unknown) {
    const missing = (f.missing ?? []).map((m) => `${m.fact} (supplied by ${m.suppliedBy})`).join('; ');
    lines.push(`not evaluated ${f.ruleId}${f.subject ? ` [${f.subject}]` : ''}${missing ? `: missing ${missing}` : f.summary ? `: ${f.summary}` : ''}`);
  }
  const passed = results.filter((r) => r.outcome === 'pass').length;
  lines.push(`${hits.length} finding(s), ${passed} passed, ${unknown.length} not evaluated.`);
  return `${lines.join('\n')}\n`;
}

/** The fields `check --json` promises. */
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
