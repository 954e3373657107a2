/** iCalendar texts for the tests, dated around today so past and future stay what they say. */

const DAY = 86_400_000;

/** A UTC date-time N days from now at 10:00, in iCalendar's basic form (20260105T100000Z). */
export function icsTime(days: number, hour = 10): string {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The ISO day N days from now (UTC). */
export const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** One VEVENT. */
export function vevent(e: {
  uid: string;
  start: string;
  summary?: string;
  emails: string[];
  organizer?: string;
  rrule?: string;
  exdate?: string;
  recurrenceId?: string;
  status?: string;
}): string {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    'DTSTAMP:20250101T000000Z',
    `DTSTART:${e.start}`,
    'DURATION:PT45M',
    `SUMMARY:${e.summary ?? 'Quarterly review'}`,
    ...(e.organizer ? [`ORGANIZER;CN=Organizer:mailto:${e.organizer}`] : []),
    ...e.emails.map((email) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${email}`),
    ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
    ...(e.exdate ? [`EXDATE:${e.exdate}`] : []),
    ...(e.recurrenceId ? [`RECURRENCE-ID:${e.recurrenceId}`] : []),
    ...(e.status ? [`STATUS:${e.status}`] : []),
    'END:VEVENT',
  ];
  return lines.join('\r\n');
}

/** A VCALENDAR around the events. */
export const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kith//Tests//EN', ...events, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
