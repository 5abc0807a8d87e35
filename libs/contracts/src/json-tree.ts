import type { FieldError } from './problem';

/**
 * How deep a JSON body or query may nest. The deepest report field is seven levels down; the bound
 * keeps every later recursive walk (hashing, validation, class-transformer, JSON.stringify) far from
 * the stack limit.
 */
export const MAX_JSON_DEPTH = 64;

// U+0000 (PostgreSQL text and jsonb cannot hold it) or a UTF-16 surrogate without its pair (not
// Unicode text: jsonb refuses it, a text column would silently store U+FFFD instead).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /\u0000|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- a quicker first look: any surrogate, paired or not, or U+0000
const SUSPECT = /[\u0000\ud800-\udfff]/;
const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

/** Why PostgreSQL could not store `text` as it is, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (!unstorable(text)) return null;
  return text.includes('\u0000') ? 'must not contain U+0000 (NUL)' : 'must be Unicode text (it has a lone UTF-16 surrogate)';
}

const PLAIN_KEY = /^[A-Za-z0-9_$/.-]{1,64}$/;

/** A path segment for a key, quoted and cut short when the key is not plain (the path must stay printable and small). */
function keySegment(key: string): string {
  if (PLAIN_KEY.test(key)) return `.${key}`;
  const short = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  // JSON.stringify writes U+0000 and lone surrogates as \u escapes: the path stays printable
  return `[${JSON.stringify(short)}]`;
}

interface Node {
  value: unknown;
  depth: number;
  parent: Node | null;
  segment: string;
  /** The key naming this node is itself unstorable. */
  keyProblem?: string;
}

function pathOf(node: Node, root: string): string {
  const segments: string[] = [];
  for (let n: Node | null = node; n && n.parent; n = n.parent) segments.push(n.segment);
  const path = root + segments.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path || '(root)';
}

/**
 * Checks a parsed JSON value (a body, a query) without recursion: every string and key must be text
 * PostgreSQL can store, and nothing may nest deeper than `maxDepth`. Answers the failing field paths
 * (at most `maxErrors`, in document order) in the report contract's style: `a.b[2].c`, with `root`
 * prefixed (e.g. `query`).
 */
export function checkJsonTree(value: unknown, options: { root?: string; maxDepth?: number; maxErrors?: number } = {}): FieldError[] {
  const { root = '', maxDepth = MAX_JSON_DEPTH, maxErrors = 20 } = options;
  return isClean(value, maxDepth) ? [] : findProblems(value, root, maxDepth, maxErrors);
}

// The common case, a clean body, in one pass that keeps no paths: values and depths on two stacks,
// strings checked where they are met.
function isClean(value: unknown, maxDepth: number): boolean {
  if (typeof value === 'string') return !unstorable(value);
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      for (const child of v) {
        if (typeof child === 'string') {
          if (unstorable(child)) return false;
        } else if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in v) {
      if (unstorable(key)) return false;
      const child = (v as Record<string, unknown>)[key];
      if (typeof child === 'string') {
        if (unstorable(child)) return false;
      } else if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

function findProblems(value: unknown, root: string, maxDepth: number, maxErrors: number): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Node[] = [{ value, depth: 0, parent: null, segment: '' }];
  while (stack.length > 0 && errors.length < maxErrors) {
    const node = stack.pop()!;
    if (node.keyProblem) {
      errors.push({ path: pathOf(node, root), reason: `key ${node.keyProblem}` });
      continue;
    }
    const v = node.value;
    if (typeof v === 'string') {
      const problem = unstorableTextProblem(v);
      if (problem) errors.push({ path: pathOf(node, root), reason: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (node.depth >= maxDepth) {
      errors.push({ path: pathOf(node, root), reason: `nests deeper than ${maxDepth} levels` });
      continue;
    }
    const depth = node.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: node, segment: `[${i}]` });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      // a bad key is reported at its own path; its value is not looked at
      const keyProblem = unstorableTextProblem(key) ?? undefined;
      stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: node, segment: keySegment(key), keyProblem });
    }
  }
  return errors;
}
