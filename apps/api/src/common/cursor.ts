import { invalidFields } from './problem.exception';

/** Keyset pagination: the cursor carries the sort value and id of the last row of a page. */
export interface Cursor {
  v: string | number | null;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Cursor;
    if (typeof c.id === 'string' && /^[0-9a-f-]{36}$/.test(c.id)) return c;
  } catch {
    // fall through
  }
  throw invalidFields([{ path: 'query.cursor', reason: 'is not a cursor this API returned' }]);
}

/** Parses repeated `label=k=v` filters. */
export function parseLabels(raw: string | string[] | undefined): Record<string, string> {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    if (i <= 0) throw invalidFields([{ path: 'query.label', reason: `"${item}" must look like key=value` }]);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** Builds `$n` placeholders while collecting parameters. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}
