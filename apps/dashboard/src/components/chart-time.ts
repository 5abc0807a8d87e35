import { dateTime } from '../format';

// Time labels of the host's charts, in the page's wall-clock convention (dateTime): the hour and minute
// for a range of a day or less, the day and time beyond.

/** An axis tick: `14:05` (≤ 1 day shown) or `11-28 14:05`. */
export function axisTime(ms: number, spanMs: number): string {
  const full = dateTime(new Date(ms).toISOString()); // "2026-11-28 14:05 UTC"
  const [day, time] = full.split(' ');
  return spanMs <= 86_400_000 ? time : `${day.slice(5)} ${time}`;
}

/** A time with seconds, for events seconds apart (hot-plug): `2026-11-28 14:05:09 UTC`. */
export function clockTime(ms: number): string {
  const full = dateTime(new Date(ms).toISOString());
  const seconds = new Date(ms).toISOString().slice(16, 19); // ":09"
  return full.replace(/(\d\d:\d\d)/, `$1${seconds}`);
}
