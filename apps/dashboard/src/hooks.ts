import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, request } from './api/client';
import { markFailed, markUpdated, onRefresh } from './live';

export interface Fetched<T> {
  data: T | null;
  error: unknown;
  /** Fetching with nothing of this path to show yet (first load, a retry, another path). */
  loading: boolean;
  /** Refetching quietly (a refresh tick or a change): `data` stays until the answer comes. */
  refreshing: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null: nothing yet) and refetches whenever it changes; stale answers are dropped. It stays live:
 * refetched on every refresh tick and after every change the dashboard makes (live.ts), keeping the old data
 * on screen meanwhile; a quiet refetch that fails keeps it too and says so in the status bar.
 */
export function useApi<T>(path: string | null): Fetched<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; refreshing: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
    refreshing: false,
  });
  const [nonce, setNonce] = useState(0);
  // A refetch of the path on screen is quiet; another path is a new load.
  const shown = useRef<string | null>(null);
  const hasData = useRef(false);
  hasData.current = state.data !== null;
  useEffect(() => onRefresh(() => setNonce((n) => n + 1)), []);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    const quiet = shown.current === path;
    shown.current = path;
    setState((s) => (quiet && s.data !== null ? { ...s, refreshing: true } : { data: s.data, error: null, loading: true, refreshing: false }));
    request<T>(path, { signal: ctl.signal }).then(
      (data) => {
        setState({ data, error: null, loading: false, refreshing: false });
        markUpdated();
      },
      (error: unknown) => {
        if (ctl.signal.aborted) return;
        if (quiet && hasData.current) {
          markFailed(describeError(error));
          setState((s) => ({ ...s, refreshing: false }));
        } else setState({ data: null, error, loading: false, refreshing: false });
      },
    );
    return () => ctl.abort();
  }, [path, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** Calls `fn` every `ms` while `active`. */
export function useInterval(fn: () => void, ms: number, active: boolean): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => ref.current(), ms);
    return () => clearInterval(t);
  }, [ms, active]);
}
