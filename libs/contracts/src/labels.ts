import type { FieldError } from './problem';

export const LABEL_KEY_MAX_LENGTH = 63;
/** Label keys as the report schema accepts them: 1–63 of A–Z, a–z, 0–9, `_ . - /`. */
export const LABEL_KEY_PATTERN = `^[A-Za-z0-9_.\\-/]{1,${LABEL_KEY_MAX_LENGTH}}$`;
export const LABEL_VALUE_MAX_LENGTH = 256;
/** Labels one host's agent may carry (the report schema's `maxProperties`). */
export const MAX_LABELS = 64;

const KEY = new RegExp(LABEL_KEY_PATTERN);
const KEY_RULE = `label keys are 1-${LABEL_KEY_MAX_LENGTH} of [A-Za-z0-9_.-/]`;
const VALUE_RULE = `label values are strings up to ${LABEL_VALUE_MAX_LENGTH} characters`;

/** Why `key` is not a label key, or null when it is one. */
export function labelKeyProblem(key: string): string | null {
  return KEY.test(key) ? null : KEY_RULE;
}

/** Why `value` is not a label value, or null when it is one. */
export function labelValueProblem(value: unknown): string | null {
  return typeof value === 'string' && value.length <= LABEL_VALUE_MAX_LENGTH ? null : VALUE_RULE;
}

/** Parses one `key=value` text (the agent's `--label`, the API's `?label=`); the value may be empty or hold `=`. */
export function parseLabel(text: string): { ok: true; key: string; value: string } | { ok: false; reason: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) return { ok: false, reason: 'must look like key=value' };
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  const problem = labelKeyProblem(key) ?? labelValueProblem(value);
  return problem ? { ok: false, reason: problem } : { ok: true, key, value };
}

/** Parses `key=value` texts into one map (a later key wins); every bad text is an error at `path` quoting it. */
export function parseLabels(texts: readonly string[], path: string): { ok: true; labels: Record<string, string> } | { ok: false; errors: FieldError[] } {
  const labels: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const text of texts) {
    const parsed = parseLabel(text);
    if (parsed.ok) labels[parsed.key] = parsed.value;
    else errors.push({ path, reason: `"${text}": ${parsed.reason}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, labels };
}

/**
 * Checks a label map such as an enroll body's `labels`: one error per bad entry at `<path>.<key>`, and one at
 * `path` for more than MAX_LABELS. `removals` accepts `null` values (a PATCH that removes a label) and, being a
 * change rather than a whole set, skips the count.
 */
export function checkLabels(labels: Record<string, unknown>, path: string, options: { removals?: boolean } = {}): FieldError[] {
  const entries = Object.entries(labels);
  const errors: FieldError[] = [];
  for (const [key, value] of entries) {
    const problem = labelKeyProblem(key) ?? (options.removals && value === null ? null : labelValueProblem(value));
    if (problem) errors.push({ path: `${path}.${key}`, reason: problem });
  }
  if (!options.removals && entries.length > MAX_LABELS) errors.push({ path, reason: `at most ${MAX_LABELS} labels` });
  return errors;
}
