import { naturalCompare } from '@memfleet/contracts/natural-order';
import type { Finding, Remediation } from '../api/types';

const RUNTIME_NAMES: Record<string, string> = {
  redis: 'Redis',
  mongodb: 'MongoDB',
  envoy: 'Envoy',
  spin: 'Spin',
  wasmtime: 'Wasmtime',
  aeron: 'Aeron',
  elasticsearch: 'Elasticsearch',
  jvm: 'JVM',
  skynet: 'skynet',
  lua: 'Lua',
};

/** The runtime a subject names ("redis:/usr/bin/redis-server|:6379" → Redis), or null for the host and plain processes. */
export function runtimeOf(subject: string): string | null {
  const kind = /^([a-z]+):/.exec(subject)?.[1];
  return (kind && RUNTIME_NAMES[kind]) ?? null;
}

/** "2 Redis instances" when every subject runs the same runtime, else "2 processes". */
export function instancesPhrase(subjects: readonly string[]): string {
  const kinds = new Set(subjects.map(runtimeOf));
  const kind = kinds.size === 1 ? [...kinds][0] : null;
  const n = subjects.length;
  return kind ? `${n} ${kind} instance${n === 1 ? '' : 's'}` : `${n} process${n === 1 ? '' : 'es'}`;
}

export interface SubjectGroup {
  /** '' for the host's own results. */
  subject: string;
  findings: Finding[];
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };
/** How a group's best result ranks: unsilenced before silenced, then by severity. */
const groupRank = (g: SubjectGroup) => Math.min(...g.findings.map((f) => Number(f.silenced) * 10 + (SEVERITY_ORDER[f.severity ?? ''] ?? 3)));

/** Results per subject: the host's own first, then each process by its worst result, instances named alike in natural order (:6379 before :6380). */
export function bySubject(findings: readonly Finding[]): SubjectGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.subject, [...(groups.get(f.subject) ?? []), f]);
  return [...groups.entries()]
    .map(([subject, list]) => ({ subject, findings: list }))
    .sort((a, b) => Number(a.subject !== '') - Number(b.subject !== '') || groupRank(a) - groupRank(b) || naturalCompare(a.subject, b.subject));
}

export interface SharedStep {
  ruleId: string;
  step: Remediation;
  /** The subjects whose hits of the rule carry this very step. */
  subjects: string[];
}

const stepText = (r: Remediation) => JSON.stringify([r.key, r.title, r.text, r.commands ?? [], r.effect ?? null, r.template ?? false]);

/**
 * The steps several subjects' hits of one rule render identically (a host-wide setting behind several
 * instances): said once, naming the instances they cover, instead of once per instance.
 */
export function sharedSteps(hits: readonly Finding[]): SharedStep[] {
  const byRuleStep = new Map<string, SharedStep>();
  for (const f of hits) {
    if (f.outcome !== 'hit' || !f.subject) continue;
    for (const step of f.remediation) {
      const id = `${f.ruleId}\n${stepText(step)}`;
      const shared = byRuleStep.get(id) ?? { ruleId: f.ruleId, step, subjects: [] };
      if (!shared.subjects.includes(f.subject)) shared.subjects.push(f.subject);
      byRuleStep.set(id, shared);
    }
  }
  return [...byRuleStep.values()].filter((s) => s.subjects.length > 1).map((s) => ({ ...s, subjects: [...s.subjects].sort(naturalCompare) }));
}

/** Whether `step` of finding `f` is one of the shared steps (so its card points to it instead of repeating it). */
export function isShared(shared: readonly SharedStep[], f: Finding, step: Remediation): boolean {
  return shared.some((s) => s.ruleId === f.ruleId && s.subjects.includes(f.subject) && stepText(s.step) === stepText(step));
}
