import { useEffect, useRef, useState } from 'react';
import { ago, dateTimeAt } from '../format';
import { pauseReason, refreshAll, useLiveState } from '../live';
import { browserTimeZone, REFRESH_CHOICES, setRefreshSeconds, setTimeZone, usePreferences, type TimeZoneChoice } from '../preferences';

function every(s: number): string {
  if (s === 0) return 'off';
  return s < 60 ? `every ${s} s` : `every ${s / 60} min`;
}

/** The bar under the top bar: when the page's data arrived, the refresh clock, and the time zone of every time shown. */
export function LiveStatus() {
  const { refreshSeconds, timeZone } = usePreferences();
  const { updatedAt, failure } = useLiveState();
  const [now, setNow] = useState(Date.now());
  const [paused, setPaused] = useState<string | null>(null);
  const lastTick = useRef(Date.now());

  // One clock for the page: each second it redraws "updated … ago" and, when a refresh is due and nothing holds it, asks every useApi to refetch.
  useEffect(() => {
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      const reason = refreshSeconds > 0 ? pauseReason() : null;
      setPaused(reason);
      const due = Math.max(lastTick.current, updatedAt ?? 0) + refreshSeconds * 1000;
      if (refreshSeconds > 0 && !reason && document.visibilityState === 'visible' && at >= due) {
        lastTick.current = at;
        refreshAll();
      }
    }, 1000);
    return () => clearInterval(t);
  }, [refreshSeconds, updatedAt]);

  const choices = REFRESH_CHOICES.includes(refreshSeconds) ? REFRESH_CHOICES : [...REFRESH_CHOICES, refreshSeconds].sort((a, b) => a - b);
  return (
    <div className="livebar small" role="region" aria-label="Refresh and time zone">
      <span data-testid="updated-ago" title={updatedAt ? `Data as of ${dateTimeAt(updatedAt)}` : undefined}>
        {updatedAt ? `Updated ${ago(new Date(updatedAt).toISOString(), now)}` : 'Loading…'}
      </span>
      {paused && (
        <span className="muted" data-testid="refresh-paused">
          Auto-refresh paused: {paused}
        </span>
      )}
      {failure && (
        <span className="sev-text-critical" role="alert">
          Refresh failed ({failure}); showing the last data.
        </span>
      )}
      <label className="inline-label">
        Refresh{' '}
        <select id="pref-refresh" value={refreshSeconds} onChange={(e) => setRefreshSeconds(Number(e.target.value))}>
          {choices.map((s) => (
            <option key={s} value={s}>
              {every(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-label">
        Times in{' '}
        <select id="pref-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value as TimeZoneChoice)}>
          <option value="utc">UTC</option>
          <option value="browser">this browser’s zone ({browserTimeZone()})</option>
        </select>
      </label>
    </div>
  );
}
