/**
 * lalloc-style allocation records → memfleet trace lines. One record per line, either JSON
 * (`{"action":"realloc","index":3,"size":64,"osize":32}`) or a Lua table (`{ action = "r", index = 3, size = 64, osize = 32 },`).
 * Fields: `action` (a/alloc/malloc, f/free, r/realloc; when absent: size 0 is a free, osize 0 an allocation, else a
 * realloc), `index` (block id), `size` (new size), `osize` (old size), optional `vm` and `ts`/`time` (ns).
 * Blank lines, `#`/`--` comments and lines of only brackets, commas or `return` are skipped.
 */
export type ConvertedLine = { ok: true; line: string | null } | { ok: false; reason: string };

const PAIR = /["']?([A-Za-z_]\w*)["']?\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([-+\w.]+))/g;
const FRAME = /^[\s{}[\],;]*(return)?[\s{}[\],;]*$/;

const ACTIONS: Record<string, 'a' | 'f' | 'r'> = { a: 'a', alloc: 'a', malloc: 'a', f: 'f', free: 'f', r: 'r', realloc: 'r' };

function integer(fields: Map<string, string>, key: string): number | undefined | string {
  const raw = fields.get(key);
  if (raw === undefined) return undefined;
  if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(raw)) return `${key} "${raw}" is not a non-negative integer`;
  return Number(raw);
}

export function convertRecord(text: string, defaultVm: number): ConvertedLine {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('--') || FRAME.test(trimmed)) return { ok: true, line: null };
  const fields = new Map<string, string>();
  for (const m of trimmed.matchAll(PAIR)) fields.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4]);
  if (fields.size === 0) return { ok: false, reason: 'not a {action, index, size, osize} record' };
  const values: Record<string, number | undefined> = {};
  for (const key of ['index', 'size', 'osize', 'vm', 'ts', 'time']) {
    const v = integer(fields, key);
    if (typeof v === 'string') return { ok: false, reason: v };
    values[key] = v;
  }
  const { index, size, osize } = values;
  const vm = values.vm ?? defaultVm;
  const ts = values.ts ?? values.time;
  if (index === undefined) return { ok: false, reason: 'no index' };
  const rawAction = fields.get('action');
  let action: 'a' | 'f' | 'r' | undefined;
  if (rawAction !== undefined) {
    action = ACTIONS[rawAction.toLowerCase()];
    if (!action) return { ok: false, reason: `unknown action "${rawAction}" (expected alloc, free or realloc)` };
  } else if (size === 0) action = 'f';
  else if (osize === 0) action = 'a';
  else action = 'r';
  let line: string;
  if (action === 'a') {
    if (!size) return { ok: false, reason: 'alloc without a size > 0' };
    line = `a ${vm} ${index} ${size}`;
  } else if (action === 'f') {
    const old = osize ?? size;
    if (old === undefined) return { ok: false, reason: 'free without osize' };
    line = `f ${vm} ${index} ${old}`;
  } else {
    if (osize === undefined || size === undefined) return { ok: false, reason: 'realloc needs both size and osize' };
    line = `r ${vm} ${index} ${osize} ${size}`;
  }
  return { ok: true, line: ts === undefined ? line : `${line} ${ts}` };
}
