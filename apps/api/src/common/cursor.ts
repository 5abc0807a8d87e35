import { parseLabels as parseLabelTexts, parseTimestamp, unstorableTextProblem } from '@memfleet/contracts';
import type { KeysetCursor, KeysetKind } from '@memfleet/persistence';
import { invalidFields } from './problem.exception';

/** Keyset pagination: the cursor carries the sort value and id of the last row of a page. */
export type Cursor = KeysetCursor;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4 = 2 ** 31;
// From the epoch: the lists sort a missing time as 'epoch'::timestamptz, and their cursors carry it.
const CURSOR_WINDOW = { notBeforeMs: 0, notAfter: { epochMs: Date.parse('9999-12-31T23:59:59.999Z') } };

/** Why `v` cannot be bound against a sort key of `kind` (PostgreSQL would refuse it with a 22xxx error), or null. */
function valueProblem(v: unknown, kind: KeysetKind): string | null {
  if (kind === 'integer') return Number.isInteger(v) && Math.abs(v as number) < INT4 ? null : 'its value is not an integer';
  // PostgreSQL gives an int8 as text; 18 digits stay inside its range.
  if (kind === 'bigint') return typeof v === 'string' && /^-?\d{1,18}$/.test(v) ? null : 'its value is not an integer as digits';
  if (typeof v !== 'string') return `its value is not ${kind === 'text' ? 'text' : 'a date-time'}`;
  if (kind === 'timestamp') {
    const parsed = parseTimestamp(v, CURSOR_WINDOW);
    return parsed.ok ? null : `its value ${parsed.reason}`;
  }
  const problem = unstorableTextProblem(v);
  return problem && `its value ${problem}`;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/**
 * The cursor of `raw` for a list sorted by a key of `kind`; anything else (not base64url JSON, an id that
 * is not a UUID, a value not of the key's type) is a 400 at `query.cursor`, never a query PostgreSQL refuses.
 */
export function decodeCursor(raw: string | undefined, kind: KeysetKind): Cursor | null {
  if (!raw) return null;
  let reason = 'is not a cursor this API returned';
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<Cursor> | null;
    if (c && typeof c === 'object' && typeof c.id === 'string' && UUID.test(c.id)) {
      const problem = valueProblem(c.v, kind);
      if (!problem) return { v: c.v!, id: c.id };
      reason = `${reason}: ${problem}`;
    }
  } catch {
    // not JSON: the reason above
  }
  throw invalidFields([{ path: 'query.cursor', reason }]);
}

/** Parses repeated `label=k=v` filters with the contract's label parser; a bad one is a 400 at `query.label`. */
export function parseLabels(raw: string | string[] | undefined): Record<string, string> {
  const parsed = parseLabelTexts(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw], 'query.label');
  if (!parsed.ok) throw invalidFields(parsed.errors);
  return parsed.labels;
}
