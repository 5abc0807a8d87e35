import { parseLabels as parseLabelTexts } from '@memfleet/contracts';
import type { KeysetCursor } from '@memfleet/persistence';
import { invalidFields } from './problem.exception';

/** Keyset pagination: the cursor carries the sort value and id of the last row of a page. */
export type Cursor = KeysetCursor;

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

/** Parses repeated `label=k=v` filters with the contract's label parser; a bad one is a 400 at `query.label`. */
export function parseLabels(raw: string | string[] | undefined): Record<string, string> {
  const parsed = parseLabelTexts(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw], 'query.label');
  if (!parsed.ok) throw invalidFields(parsed.errors);
  return parsed.labels;
}
