import { useSyncExternalStore } from 'react';

// The viewer's own settings, kept in this browser (localStorage) across sessions and tabs.

/** The browser tests seed these exact keys. */
export const REFRESH_KEY = 'memfleet.refreshSeconds';
export const TIME_ZONE_KEY = 'memfleet.timeZone';

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

function load(): Preferences {
  const stored = Number(read(REFRESH_KEY));
  // Any whole number of seconds from 1 is honoured (the tests use a short one); junk falls back to the default.
  const refreshSeconds = read(REFRESH_KEY) !== null && Number.isInteger(stored) && stored >= 0 ? stored : DEFAULT_REFRESH_SECONDS;
  return { refreshSeconds, timeZone: read(TIME_ZONE_KEY) === 'browser' ? 'browser' : 'utc' };
}

let current = load();
const listeners = new Set<() => void>();

function update(next: Preferences): void {
  current = next;
  try {
    localStorage.setItem(REFRESH_KEY, String(next.refreshSeconds));
    localStorage.setItem(TIME_ZONE_KEY, next.timeZone);
  } catch {
    // Private mode without storage: the choice lasts until the page is closed.
  }
  listeners.forEach((l) => l());
}

export const preferences = (): Preferences => current;
export const setRefreshSeconds = (refreshSeconds: number): void => update({ ...current, refreshSeconds });
export const setTimeZone = (timeZone: TimeZoneChoice): void => update({ ...current, timeZone });

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
