import { parseLabel } from './labels';
import { RUNTIME_KINDS } from './report/runtime-kinds';

/** The keys a hosts search term may name (`key:value`). */
export const HOST_SEARCH_KEYS = ['runtime', 'version', 'process', 'kernel', 'ip', 'label'] as const;
export type HostSearchKey = (typeof HOST_SEARCH_KEYS)[number];

/** How `version:` compares; a bare `version:1.34` means `=`. */
export const VERSION_OPERATORS = ['<=', '>=', '<', '>', '='] as const;
export type VersionOperator = (typeof VERSION_OPERATORS)[number];

const KINDS: readonly string[] = RUNTIME_KINDS;

export const MAX_HOST_SEARCH_TERMS = 16;
const MAX_TERM_LENGTH = 256;

/** One term of a hosts search. */
export type HostSearchTerm =
  /** Matches the hostname, machine id, labels, addresses, kernel or the inventory (runtime kind and version, process name and exe). */
  | { key: 'word'; value: string }
  | { key: 'runtime' | 'process' | 'kernel' | 'ip'; value: string }
  | { key: 'version'; op: VersionOperator; value: string }
  | { key: 'label'; label: string; value: string };

export type HostSearchParse = { ok: true; terms: HostSearchTerm[] } | { ok: false; term: string; reason: string };

/**
 * A version's comparison key: its first dotted run of digits as numbers, trailing zero components dropped
 * (1.34.0 equals 1.34; 1.8.0_392 is 1.8), or null when it has no digits. Keys compare component by
 * component, a shorter key first when it is a prefix: migration HostInventory's memfleet_version_key is the same rule in SQL.
 */
export function versionKey(version: string): number[] | null {
  const run = /\d+(?:\.\d+)*/.exec(version);
  if (!run) return null;
  const parts = run[0].split('.').map(Number);
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  return parts;
}

/** Orders two version keys (negative: a before b). */
export function compareVersionKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function keyed(key: string, value: string): HostSearchTerm | string {
  if (!(HOST_SEARCH_KEYS as readonly string[]).includes(key)) return `unknown key "${key}" (keys: ${HOST_SEARCH_KEYS.join(', ')})`;
  const k = key as HostSearchKey;
  if (k === 'version') {
    const op = VERSION_OPERATORS.find((o) => value.startsWith(o));
    const operand = op ? value.slice(op.length) : value;
    if (!operand) return 'version needs a version after the operator, e.g. version:<1.34';
    if (!versionKey(operand)) return `"${operand}" is not a version (it has no digits), e.g. version:>=1.34`;
    return { key: 'version', op: op ?? '=', value: operand };
  }
  if (!value) return `${k}: needs a value, e.g. ${k === 'label' ? 'label:team=edge' : `${k}:envoy`}`;
  if (k === 'label') {
    const parsed = parseLabel(value);
    return parsed.ok ? { key: 'label', label: parsed.key, value: parsed.value } : `label ${parsed.reason} (label:team=edge)`;
  }
  if (k === 'runtime') {
    const kind = value.toLowerCase();
    return KINDS.includes(kind) ? { key: 'runtime', value: kind } : `unknown runtime kind "${value}" (kinds: ${KINDS.join(', ')})`;
  }
  return { key: k, value };
}

/**
 * Parses a hosts search: space-separated terms, each a plain word or `key:value` (keys HOST_SEARCH_KEYS;
 * `version:` takes an operator). A term whose text before `:` is letters only names a key, so `fe80::1` stays
 * a word. The first bad term is returned with the reason.
 */
export function parseHostSearch(q: string): HostSearchParse {
  const texts = q.split(/\s+/).filter(Boolean);
  if (texts.length > MAX_HOST_SEARCH_TERMS) return { ok: false, term: texts[MAX_HOST_SEARCH_TERMS], reason: `at most ${MAX_HOST_SEARCH_TERMS} terms` };
  const terms: HostSearchTerm[] = [];
  for (const term of texts) {
    if (term.length > MAX_TERM_LENGTH) return { ok: false, term, reason: `a term is at most ${MAX_TERM_LENGTH} characters` };
    const m = /^([A-Za-z]+):(.*)$/.exec(term);
    const parsed = m ? keyed(m[1].toLowerCase(), m[2]) : { key: 'word' as const, value: term };
    if (typeof parsed === 'string') return { ok: false, term, reason: parsed };
    terms.push(parsed);
  }
  return { ok: true, terms };
}
