import type { Remediation } from '@memfleet/contracts';
import { bytes, count } from './units';

/**
 * A remediation step as content, apart from the rule's logic: `{name}` holes are filled from the values the
 * rule computed for this host (`{name:bytes}` as binary units, `{name:count}` with thousands separators).
 */
export interface RemediationTemplate {
  title: string;
  text: string;
  commands?: readonly string[];
  /** The upstream source the fix comes from. */
  source: string;
}

export type TemplateValues = Readonly<Record<string, string | number | null>>;

type Format = 'raw' | 'bytes' | 'count';
type Part = string | { name: string; format: Format };

const HOLE = /\{([A-Za-z][A-Za-z0-9]*)(?::(bytes|count))?\}/g;

// Templates are split into literal and hole parts once, when the rule module loads.
function compile(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(HOLE)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ name: m[1], format: (m[2] as Format | undefined) ?? 'raw' });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function fill(parts: readonly Part[], values: TemplateValues, where: string): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = values[p.name];
    if (v === undefined) throw new Error(`${where}: no value for {${p.name}}`);
    if (p.format === 'bytes') out += typeof v === 'number' ? bytes(v) : 'unknown';
    else if (p.format === 'count') out += typeof v === 'number' ? count(v) : 'unknown';
    else out += v === null ? 'unknown' : String(v);
  }
  return out;
}

interface Compiled {
  title: Part[];
  text: Part[];
  commands: Part[][];
  source: string;
}

/** A rule's remediation content, compiled once; `render` fills one step with this host's values. */
export class RemediationSet<K extends string> {
  readonly keys: readonly K[];
  private readonly compiled: ReadonlyMap<K, Compiled>;

  constructor(readonly templates: Readonly<Record<K, RemediationTemplate>>) {
    this.keys = Object.keys(templates) as K[];
    this.compiled = new Map(
      this.keys.map((k) => {
        const t: RemediationTemplate = templates[k];
        return [k, { title: compile(t.title), text: compile(t.text), commands: (t.commands ?? []).map(compile), source: t.source }];
      }),
    );
  }

  render(key: K, values: TemplateValues = {}): Remediation {
    const c = this.compiled.get(key)!;
    const step: Remediation = { key, title: fill(c.title, values, key), text: fill(c.text, values, key), source: c.source };
    if (c.commands.length) step.commands = c.commands.map((parts) => fill(parts, values, key));
    return step;
  }

  /** The names of the holes a step's template has (for docs and checks). */
  holes(key: K): string[] {
    const c = this.compiled.get(key)!;
    const names = new Set<string>();
    for (const parts of [c.title, c.text, ...c.commands]) for (const p of parts) if (typeof p !== 'string') names.add(p.name);
    return [...names];
  }
}

export const remediations = <K extends string>(templates: Readonly<Record<K, RemediationTemplate>>) => new RemediationSet<K>(templates);
