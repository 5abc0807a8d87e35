import { useSyncExternalStore } from 'react';

// The viewer's own settings, kept in this browser (localStorage) across sessions and tabs.

/** The browser tests seed these exact keys. */
export const REFRESH_KEY = 'memfleet.refreshSeconds';
export const TIME_ZONE_KEY = 'memfleet.timeZone';

/** Without a server default (an older server, the page opened from disk). */
export const DEFAULT_REFRESH_SECONDS = 30;
/** 0: refresh off. */
export const REFRESH_CHOICES = [0, 10, 30, 60, 300];

/** utc: every time in UTC (hosts span regions, the API's day buckets are UTC); browser: this browser's time zone. */
export type TimeZoneChoice = 'utc' | 'browser';

export interface Preferences {
  refreshSeconds: number;
  timeZone: TimeZoneChoice;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A whole number of seconds, 0 or more; null otherwise. */
function seconds(text: string | null | undefined): number | null {
  const n = text === null || text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** The server's default (MEMFLEET_DASHBOARD_REFRESH_SECONDS), which it writes into index.html. */
function serverDefault(): number {
  return seconds(document.querySelector<HTMLMetaElement>('meta[name="memfleet-refresh-seconds"]')?.content) ?? DEFAULT_REFRESH_SECONDS;
}

function load(): Preferences {
  // This browser's choice (any whole number of seconds: the tests use a short one), else the server's default.
  const refreshSeconds = seconds(read(REFRESH_KEY)) ?? serverDefault();
  return { refreshSeconds, timeZone: read(TIME_ZONE_KEY) === 'browser' ? 'browser' : 'utc' };
}

let current = load();
const listeners = new Set<() => void>();

/** Stores the one setting the viewer changed (an untouched one keeps following the server's default). */
function update(next: Preferences, key: string, value: string): void {
  current = next;
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode without storage: the choice lasts until the page is closed.
  }
  listeners.forEach((l) => l());
}

export const preferences = (): Preferences => current;
export const setRefreshSeconds = (refreshSeconds: number): void => update({ ...current, refreshSeconds }, REFRESH_KEY, String(refreshSeconds));
export const setTimeZone = (timeZone: TimeZoneChoice): void => update({ ...current, timeZone }, TIME_ZONE_KEY, timeZone);

function subscribe(l: () => void): () => void {
  listeners.add(l);
  // Another tab changed a setting: follow it.
  const onStorage = (e: StorageEvent) => {
    if (e.key === REFRESH_KEY || e.key === TIME_ZONE_KEY) {
      current = load();
      l();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(l);
    window.removeEventListener('storage', onStorage);
  };
}

/** The settings; a component that calls this re-renders (with everything it renders) when one changes. */
export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, preferences);
}

/** This browser's IANA time zone, e.g. Europe/Berlin. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
