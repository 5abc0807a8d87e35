import type { EvidenceUnit } from '@memfleet/contracts';
import { bytes, count } from './units';

/** What a rule text's hole needs to know of a threshold: its name and unit (how its value reads). */
export interface TextThreshold {
  name: string;
  default: number;
  unit: EvidenceUnit;
}

/** The rule texts a person reads beside the thresholds: `explanation` and `severityLogic`, templates with `{threshold}` holes. */
export interface RuleTextSource {
  id: string;
  explanation: string;
  severityLogic: string;
  thresholds: readonly TextThreshold[];
}

export type ThresholdValues = Readonly<Record<string, number>>;

const FORMATS = ['bytes', 'count'] as const;
type Format = (typeof FORMATS)[number] | 'unit';
type Part = string | { name: string; unit: EvidenceUnit; format: Format };

// Anything shaped like a hole is one, and must name a threshold: a typo fails at load instead of reading "{warningVm}".
const HOLE = /\{([A-Za-z][A-Za-z0-9]*)(?::([A-Za-z]*))?\}/g;

function duration(s: number): string {
  if (s !== 0 && s % 86_400 === 0) return `${s / 86_400} d`;
  if (s !== 0 && s % 3600 === 0) return `${s / 3600} h`;
  if (s !== 0 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** A threshold value as its unit reads in prose: 1,024 (count), 256.00 MiB (bytes), 6 h (seconds), 20% (percent), 2.0 (ratio). */
export function thresholdValue(value: number, unit: EvidenceUnit): string {
  switch (unit) {
    case 'bytes':
      return bytes(value);
    case 'bytes/s':
      return `${bytes(value)}/s`;
    case 'bytes/h':
      return `${bytes(value)}/h`;
    case 'count':
    case 'cpus':
      return count(value);
    case 'seconds':
      return duration(value);
    case 'percent':
      return `${value}%`;
    case 'ratio':
      return Number.isInteger(value) ? value.toFixed(1) : String(value);
    case 'bits':
    case 'flag':
    case 'text':
      return String(value);
  }
}

function compile(template: string, thresholds: ReadonlyMap<string, TextThreshold>, where: string): Part[] {
  const parts: Part[] = [];
  const errors: string[] = [];
  let last = 0;
  for (const m of template.matchAll(HOLE)) {
    const t = thresholds.get(m[1]);
    const format = m[2];
    if (!t) errors.push(`{${m[0].slice(1, -1)}} names no threshold of the rule (it has ${[...thresholds.keys()].join(', ') || 'none'})`);
    else if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
      errors.push(`{${m[0].slice(1, -1)}} has an unknown format (use ${FORMATS.join(' or ')}, or none for the threshold's unit)`);
    if (m.index > last) parts.push(template.slice(last, m.index));
    if (t) parts.push({ name: t.name, unit: t.unit, format: (format as Format | undefined) ?? 'unit' });
    last = m.index + m[0].length;
  }
  if (errors.length) throw new Error(`${where}: ${errors.join('; ')}`);
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function fill(parts: readonly Part[], values: ThresholdValues): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else {
      const v = values[p.name];
      out += p.format === 'bytes' ? bytes(v) : p.format === 'count' ? count(v) : thresholdValue(v, p.unit);
    }
  }
  return out;
}

interface Compiled {
  explanation: Part[];
  severityLogic: Part[];
  thresholds: readonly TextThreshold[];
}

export interface RenderedRuleTexts {
  explanation: string;
  severityLogic: string;
}

/**
 * Every rule's explanation and severity logic, compiled once when the catalogue loads: a hole that names no
 * declared threshold stops the load with the rule, the field and the hole. `render` fills them with the values
 * in force (the fleet's overrides over the defaults), so the rule page never quotes a line an admin moved.
 */
export class RuleTexts {
  private readonly compiled = new Map<string, Compiled>();

  constructor(rules: readonly RuleTextSource[]) {
    const errors: string[] = [];
    for (const r of rules) {
      const byName = new Map(r.thresholds.map((t) => [t.name, t]));
      try {
        const explanation = compile(r.explanation, byName, `${r.id} explanation`);
        const severityLogic = compile(r.severityLogic, byName, `${r.id} severityLogic`);
        this.compiled.set(r.id, { explanation, severityLogic, thresholds: r.thresholds });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length) throw new Error(`Rule texts with bad threshold holes: ${errors.join(' | ')}`);
  }

  /** The rule's texts with `values` (a threshold missing from them reads its default). */
  render(ruleId: string, values: ThresholdValues = {}): RenderedRuleTexts {
    const c = this.compiled.get(ruleId);
    if (!c) throw new Error(`No rule texts for ${ruleId}`);
    const inForce = Object.fromEntries(c.thresholds.map((t) => [t.name, values[t.name] ?? t.default]));
    return { explanation: fill(c.explanation, inForce), severityLogic: fill(c.severityLogic, inForce) };
  }

  /** The thresholds a rule's texts quote, by field. */
  holes(ruleId: string): { explanation: string[]; severityLogic: string[] } {
    const c = this.compiled.get(ruleId);
    const names = (parts: readonly Part[] = []) => [...new Set(parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name])))];
    return { explanation: names(c?.explanation), severityLogic: names(c?.severityLogic) };
  }
}

/**
 * A threshold change in words, each value in its unit: "warningVms 256 → 100, criticalVms 1,024 → 512".
 * Only the values that changed; "no value changed" when none did.
 */
export function describeThresholdChange(thresholds: readonly TextThreshold[], before: ThresholdValues, after: ThresholdValues): string {
  const changes = thresholds
    .filter((t) => (before[t.name] ?? t.default) !== (after[t.name] ?? t.default))
    .map((t) => `${t.name} ${thresholdValue(before[t.name] ?? t.default, t.unit)} → ${thresholdValue(after[t.name] ?? t.default, t.unit)}`);
  return changes.length ? changes.join(', ') : 'no value changed';
}
