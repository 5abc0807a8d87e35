/** `path` with `query` changed: a value of '' or null removes the key, an array repeats it. */
export function withQuery(path: string, query: URLSearchParams, changes: Record<string, string | string[] | null>): string {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (Array.isArray(value)) value.filter(Boolean).forEach((v) => next.append(key, v));
    else if (value) next.set(key, value);
  }
  const s = next.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

/** `a=b c=d` (spaces or commas) as the list of `key=value` texts the API's `label` filter takes. */
export function splitLabels(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** `{ team: 'edge' }` as `team=edge`, or "whole fleet". */
export function scopeText(scope: Record<string, string> | null | undefined): string {
  const entries = Object.entries(scope ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'whole fleet';
}

/** The items of a list answer, whether the endpoint pages (`{ items }`) or answers a bare array. */
export function itemsOf<T>(data: { items: T[] } | T[] | null | undefined): T[] | null {
  if (!data) return null;
  return Array.isArray(data) ? data : data.items;
}
