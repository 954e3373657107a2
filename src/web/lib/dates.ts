import { FIRST_DAY, LAST_DAY } from '../../shared/vocabulary.ts';
/** Dates of the due engine are 'YYYY-MM-DD' strings in UTC; these helpers keep them that way. */

/** Today's date as 'YYYY-MM-DD' (UTC, like the server). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The date `days` after a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayYearFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "12 Mar", or "12 Mar 2024" when not this year. */
export function formatDay(date: string, now: Date = new Date()): string {
  const d = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  return d.getUTCFullYear() === now.getUTCFullYear() ? dayFormat.format(d) : dayYearFormat.format(d);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "12 Mar, 14:05", or "12 Mar 2024, 14:05" when not this year: a moment, in the reader's time zone. */
export function formatDateTime(at: string, now: Date = new Date()): string {
  const d = new Date(at);
  const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `${formatDay(local, now)}, ${timeFormat.format(d)}`;
}

/** "today", "yesterday", "5 days ago", "3 months ago" for a timestamp or date, counted in calendar days (UTC). */
export function ago(at: string, now: Date = new Date()): string {
  const days = Math.round((Date.parse(todayIso(now)) - Date.parse(todayIso(new Date(at)))) / 86_400_000);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 45) return `${days} days ago`;
  if (days < 365) return `${Math.round(days / 30)} months ago`;
  const years = Math.round(days / 365);
  return years === 1 ? 'a year ago' : `${years} years ago`;
}

/** "Friday 14 March" for headings. */
export function formatLongDay(date: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * True for a real calendar date written 'YYYY-MM-DD' in the years the API accepts (1000 to 2999), so a
 * date input half typed (year 0002, 0020, 0202 ...) is not sent.
 */
export function isIsoDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    value >= FIRST_DAY &&
    value <= LAST_DAY &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
  );
}
