import { refreshAll } from '../live';
import type { Problem } from './types';

/**
 * A token kept in this tab: the benchmark and browser tests seed one with this exact key, and it is sent
 * as a bearer token. Signing in on the page opens a server session instead (an httpOnly cookie every tab shares).
 */
export const TOKEN_KEY = 'memfleet.token';

/** The session's CSRF token, sent as X-CSRF-Token on requests that change something; each tab asks for it once. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** Fired when the API answers 401: the shell drops the session and shows sign-in. */
export const UNAUTHORIZED_EVENT = 'memfleet:unauthorized';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The API answered ${status}.`);
  }
}

/** A human sentence for any error, preferring the problem+json detail. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.problem?.errors?.map((e) => `${e.path}: ${e.reason}`).join('; ');
    const base = err.problem?.detail ?? err.problem?.title ?? `The API answered ${err.status}.`;
    return fields ? `${base} (${fields})` : base;
  }
  if (err instanceof TypeError) return 'Could not reach the API. Check your network connection and that the memfleet API is running.';
  return err instanceof Error ? err.message : String(err);
}

export function requestIdOf(err: unknown): string | undefined {
  return err instanceof ApiError ? err.problem?.requestId : undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  body?: unknown;
  signal?: AbortSignal;
  /** Use this token instead of the session's (sign-in checks a token before storing it). */
  token?: string;
  /** A 401 is an answer here (checking for a session), not the end of one. */
  quiet401?: boolean;
  /** A body sent as it is (an uploaded file), with its own Content-Type; instead of `body`. */
  raw?: { data: Blob; contentType: string; contentEncoding?: string };
  /** A POST that changes nothing (a preview): the page need not refetch after it. */
  readOnly?: boolean;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const token = opts.token ?? readToken();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  else if (csrfToken && (opts.method ?? 'GET') !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    if (opts.raw.contentEncoding) headers['content-encoding'] = opts.raw.contentEncoding;
  }
  const res = await fetch(`/api/v1${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.raw ? opts.raw.data : opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) {
    const problem = parsed && typeof parsed === 'object' ? (parsed as Problem) : null;
    if (res.status === 401 && opts.token === undefined && !opts.quiet401)
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: problem?.detail }));
    throw new ApiError(res.status, problem);
  }
  // A write succeeded: every count and list on the page refetches, so the action shows without a reload.
  if (opts.method && opts.method !== 'GET' && !opts.readOnly) refreshAll();
  return parsed as T;
}

/** Builds a query string, leaving out empty values; arrays repeat the key. */
export function qs(params: Record<string, string | number | boolean | string[] | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => x && sp.append(k, x));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
