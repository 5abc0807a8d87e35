import { useEffect, useSyncExternalStore } from 'react';

// Pages stay live: every useApi refetches on a refresh tick (LiveStatus keeps the clock) and after any change the
// dashboard made (api/client.ts announces each successful write). Refetches keep the old data on screen.

/** A tick or a write: every useApi on the page refetches quietly. */
const REFRESH_EVENT = 'memfleet:refresh';

export function refreshAll(): void {
  window.dispatchEvent(new Event(REFRESH_EVENT));
}

export function onRefresh(fn: () => void): () => void {
  window.addEventListener(REFRESH_EVENT, fn);
  return () => window.removeEventListener(REFRESH_EVENT, fn);
}

interface LiveState {
  /** When data last arrived (epoch ms); null before the first answer. */
  updatedAt: number | null;
  /** The last quiet refresh failed: old data stays on screen, this says why. */
  failure: string | null;
}

let state: LiveState = { updatedAt: null, failure: null };
const listeners = new Set<() => void>();
const set = (next: LiveState) => {
  state = next;
  listeners.forEach((l) => l());
};

export const markUpdated = (): void => set({ updatedAt: Date.now(), failure: null });
export const markFailed = (failure: string): void => set({ ...state, failure });

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

// A form the viewer has open (acknowledging, editing labels) holds the refresh, so nothing moves under the pointer.
let holds = 0;

/** Holds the refresh while `active` (a form or editor is open). */
export function useHoldRefresh(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    holds++;
    return () => {
      holds--;
    };
  }, [active]);
}

// An input that was typed into and still has focus holds its unsaved edit: tracked for every input on the page.
let edited: EventTarget | null = null;
if (typeof document !== 'undefined') {
  const typed = (t: EventTarget | null) =>
    t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'file', 'color'].includes(t.type));
  // A select or checkbox applies at once: only typing leaves an edit unsaved.
  document.addEventListener('input', (e) => typed(e.target) && (edited = e.target), true);
  document.addEventListener('focusout', (e) => e.target === edited && (edited = null), true);
  document.addEventListener('submit', () => (edited = null), true);
}

/** Why the refresh waits now, or null when it may run. */
export function pauseReason(): string | null {
  if (holds > 0) return 'a form is open';
  if (document.querySelector('dialog[open]')) return 'a dialog is open';
  if (edited && edited === document.activeElement) return 'you are editing';
  return null;
}
