import ICAL from 'ical.js';
import { AppError } from '../../shared/errors.ts';

/** One occurrence of an event, as the rest of the domain sees it: no ical.js types past this file. */
export type Occurrence = {
  /** The event's UID: the key of the next step that waits for the series' next occurrence. */
  uid: string;
  /** UID plus the occurrence's RECURRENCE-ID (its original start, kept when it moves); the UID alone for a single event. */
  externalId: string;
  summary: string;
  start: Date;
  /** The day it falls on, in its own time zone (an all-day event's date). */
  day: string;
  durationMinutes: number | null;
  isCancelled: boolean;
  isPast: boolean;
  /** Organizer and attendees, lower-cased, without `mailto:`. */
  emails: string[];
};

/** A series past this many occurrences up to now is cut there (a daily meeting for about 27 years). */
export const MAX_OCCURRENCES_PER_EVENT = 10_000;

/** How many cancelled occurrences in a row to look past for the next one that takes place. */
const MAX_CANCELLED_AHEAD = 100;

const badFile = (message: string) =>
  new AppError('validation_failed', `body.file: ${message}`, [{ field: 'body.file', message }]);

/**
 * Reads an iCalendar text into occurrences, with ical.js's own recurrence expansion (RRULE, RDATE, EXDATE,
 * moved or cancelled occurrences by RECURRENCE-ID): of a recurring event every occurrence up to `now` and the
 * next one after it; of a single event, itself. A text that is not iCalendar is a 400 naming `body.file`.
 */
export function parseCalendar(text: string, now: Date = new Date()): Occurrence[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw badFile(`is not an iCalendar (.ics) file: ${(error as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw badFile('is not an iCalendar (.ics) file: no VCALENDAR');
  for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const { masters, exceptions } = groupByUid(root.getAllSubcomponents('vevent'));
  const occurrences: Occurrence[] = [];
  for (const [uid, master] of masters) {
    const event = new ICAL.Event(master, { strictExceptions: true, exceptions: exceptions.get(uid) ?? [] });
    if (!event.startDate) continue;
    if (event.isRecurring()) occurrences.push(...expand(event, now));
    else occurrences.push(toOccurrence({ event, start: event.startDate, end: event.endDate, uid, now }));
  }
  // An override whose series is not in the file (a feed that sends one moved occurrence) stands alone.
  for (const [uid, list] of exceptions) {
    if (masters.has(uid)) continue;
    for (const component of list) {
      const event = new ICAL.Event(component);
      if (!event.startDate) continue;
      occurrences.push(
        toOccurrence({
          event,
          start: event.startDate,
          end: event.endDate,
          uid,
          now,
          recurrenceId: event.recurrenceId,
        }),
      );
    }
  }
  return occurrences;
}

/** Splits VEVENTs into each UID's master and its overrides (those with a RECURRENCE-ID). */
function groupByUid(components: ICAL.Component[]) {
  const masters = new Map<string, ICAL.Component>();
  const exceptions = new Map<string, ICAL.Component[]>();
  for (const component of components) {
    const uid = String(component.getFirstPropertyValue('uid') ?? '').trim();
    if (!uid) continue;
    if (component.hasProperty('recurrence-id')) {
      exceptions.set(uid, [...(exceptions.get(uid) ?? []), component]);
    } else if (!masters.has(uid)) {
      masters.set(uid, component);
    }
  }
  return { masters, exceptions };
}

/** Every occurrence of a recurring event up to `now`, and the first one after it that takes place. */
function expand(event: ICAL.Event, now: Date): Occurrence[] {
  const found: Occurrence[] = [];
  const iterator = event.iterator();
  let cancelledAhead = 0;
  for (let next = iterator.next(); next && found.length < MAX_OCCURRENCES_PER_EVENT; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    const occurrence = toOccurrence({
      event: details.item,
      start: details.startDate,
      end: details.endDate,
      uid: event.uid,
      now,
      recurrenceId: details.recurrenceId,
    });
    found.push(occurrence);
    // A cancelled occurrence is not the next meeting: the one after it is (a cancelled series has none).
    if (!occurrence.isPast && (!occurrence.isCancelled || ++cancelledAhead >= MAX_CANCELLED_AHEAD)) break;
  }
  return found;
}

function toOccurrence(options: {
  event: ICAL.Event;
  start: ICAL.Time;
  end: ICAL.Time | null;
  uid: string;
  now: Date;
  recurrenceId?: ICAL.Time | null;
}): Occurrence {
  const { event, start, end } = options;
  const startAt = start.toJSDate();
  const minutes =
    end && !start.isDate ? Math.round((end.toJSDate().getTime() - startAt.getTime()) / 60_000) : null;
  const status = String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase();
  return {
    uid: options.uid,
    externalId: options.recurrenceId
      ? `${options.uid}/${options.recurrenceId.toJSDate().toISOString()}`
      : options.uid,
    summary: (event.summary ?? '').trim() || 'Meeting',
    start: startAt,
    day: `${start.year}-${pad(start.month)}-${pad(start.day)}`,
    durationMinutes: minutes !== null && minutes > 0 && minutes < 24 * 60 ? minutes : null,
    isCancelled: status === 'CANCELLED',
    isPast: startAt.getTime() <= options.now.getTime(),
    emails: emailsOf(event.component),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The organizer's and attendees' addresses, lower-cased and without `mailto:`, each once. */
function emailsOf(component: ICAL.Component): string[] {
  const properties = [...component.getAllProperties('organizer'), ...component.getAllProperties('attendee')];
  const emails = properties
    .map((p) => String(p.getFirstValue() ?? '').trim())
    .map((v) =>
      v
        .replace(/^mailto:/i, '')
        .trim()
        .toLowerCase(),
    )
    .filter((v) => v.includes('@'));
  return [...new Set(emails)];
}
