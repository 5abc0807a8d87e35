import { createHash } from 'node:crypto';

/**
 * Dotted paths of configuration fields left out of its hash because they change without the host's
 * configuration changing. Empty: schema version 2 moved the only such facts (each process's pid and start
 * time) to the metrics, and a fact added here would be stored with the first report that carried it only.
 */
export const VOLATILE_CONFIGURATION_FIELDS: readonly string[] = [];

/**
 * JSON text with object keys sorted (by UTF-16 code units, recursively), arrays in order, strings and numbers
 * as JSON.stringify writes them, and `undefined` members dropped: equal values give equal text whatever
 * order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function withoutFields(value: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || value === null || typeof value !== 'object') return value;
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const field of fields) {
    const keys = field.split('.');
    let node: unknown = copy;
    for (const k of keys.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[keys[keys.length - 1]];
  }
  return copy;
}

/** Lowercase hex SHA-256 of a configuration's canonical JSON, volatile fields left out (`fields`, for tests). */
export function configurationHash(configuration: unknown, fields: readonly string[] = VOLATILE_CONFIGURATION_FIELDS): string {
  return createHash('sha256')
    .update(canonicalJson(withoutFields(configuration, fields)))
    .digest('hex');
}
