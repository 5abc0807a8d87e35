import type { Remediation, RemediationEffect } from '@memfleet/contracts';
import { bytes, count } from './units';

/**
 * A remediation step as content, apart from the rule's logic: `{name}` holes are filled from the values the
 * rule computed for this host (`{name:bytes}` as binary units, `{name:count}` with thousands separators).
 */
export interface RemediationTemplate {
  title: string;
  text: string;
  commands?: readonly string[];
  /**
   * `fixes` only when the step on its own removes the cause the rule found on this host; `mitigates` when it lowers
   * the risk or buys time and the cause stays; `diagnoses` when it finds the cause and changes nothing. Where the effect depends on the host, the rule offers another key.
   */
  effect: RemediationEffect;
  /** The upstream source the fix comes from. */
  source: string;
}

/**
 * A part of a step the agent does not know: written in capitals where it is used (`systemctl restart UNIT`), and the
 * rendered step says in words what to put there and is marked as a template.
 */
export interface Placeholder {
  readonly placeholder: string;
  /** What to substitute, as a noun phrase: "the systemd unit that starts Envoy". */
  readonly means: string;
}

const PLACEHOLDER_NAME = /^[A-Z][A-Z0-9_]*$/;

export function placeholder(name: string, means: string): Placeholder {
  if (!PLACEHOLDER_NAME.test(name)) throw new Error(`placeholder ${name}: capitals, digits and _ only`);
  return { placeholder: name, means };
}

/** A value the agent knows, or a placeholder when it does not. */
export const knownOr = <T extends string | number>(value: T | null | undefined, unknown: Placeholder): T | Placeholder =>
  value === null || value === undefined ? unknown : value;

export type TemplateValue = string | number | null | Placeholder;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

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

const isPlaceholder = (v: TemplateValue): v is Placeholder => typeof v === 'object' && v !== null;

function fill(parts: readonly Part[], values: TemplateValues, where: string, used: Map<string, string>): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = values[p.name];
    if (v === undefined) throw new Error(`${where}: no value for {${p.name}}`);
    if (isPlaceholder(v)) {
      used.set(v.placeholder, v.means);
      out += v.placeholder;
    } else if (p.format === 'bytes') out += typeof v === 'number' ? bytes(v) : 'unknown';
    else if (p.format === 'count') out += typeof v === 'number' ? count(v) : 'unknown';
    else out += v === null ? 'unknown' : String(v);
  }
  return out;
}

interface Compiled {
  title: Part[];
  text: Part[];
  commands: Part[][];
  effect: RemediationEffect;
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
        return [k, { title: compile(t.title), text: compile(t.text), commands: (t.commands ?? []).map(compile), effect: t.effect, source: t.source }];
      }),
    );
  }

  /**
   * One step with this host's values. A value given as a `placeholder` is written in capitals, the text ends by
   * saying what to put there, and the step is marked `template: true`.
   */
  render(key: K, values: TemplateValues = {}): Remediation {
    const c = this.compiled.get(key)!;
    const used = new Map<string, string>();
    const title = fill(c.title, values, key, used);
    let text = fill(c.text, values, key, used);
    const commands = c.commands.map((parts) => fill(parts, values, key, used));
    if (used.size) text += ` ${[...used].map(([name, means]) => `Replace ${name} with ${means}.`).join(' ')}`;
    const step: Remediation = { key, title, text, effect: c.effect, source: c.source };
    if (commands.length) step.commands = commands;
    if (used.size) step.template = true;
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
