import { describe, expect, it } from 'vitest';
import { calendar, icsTime, isoDay, vevent } from './fixtures.ts';
import { parseCalendar } from './parse.ts';

describe('parseCalendar', () => {
  it('looks past a cancelled next occurrence to the one that takes place', () => {
    const occurrences = parseCalendar(
      calendar(
        vevent({ uid: 'w@test', start: icsTime(-6), rrule: 'FREQ=WEEKLY', emails: ['a@x.test'] }),
        vevent({
          uid: 'w@test',
          recurrenceId: icsTime(1),
          start: icsTime(1),
          status: 'CANCELLED',
          emails: ['a@x.test'],
        }),
      ),
    );
    expect(occurrences.map((o) => [o.day, o.isPast, o.isCancelled])).toEqual([
      [isoDay(-6), true, false],
      [isoDay(1), false, true],
      [isoDay(8), false, false],
    ]);
  });

  it('stops a cancelled series after a bounded look ahead, and reads all-day events by their date', () => {
    const cancelled = parseCalendar(
      calendar(
        vevent({ uid: 'c@test', start: icsTime(-1), rrule: 'FREQ=DAILY', status: 'CANCELLED', emails: [] }),
      ),
    );
    expect(cancelled.every((o) => o.isCancelled)).toBe(true);
    expect(cancelled.length).toBeLessThan(200);

    const day = isoDay(3).replaceAll('-', '');
    const text = calendar(vevent({ uid: 'd@test', start: day, emails: ['B@X.test'] })).replace(
      `DTSTART:${day}`,
      `DTSTART;VALUE=DATE:${day}`,
    );
    const [allDay] = parseCalendar(text);
    expect(allDay).toMatchObject({
      day: isoDay(3),
      isPast: false,
      emails: ['b@x.test'],
      durationMinutes: null,
    });
  });

  it('keeps a time zone from the file: the day is the event’s own', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VTIMEZONE',
      'TZID:Pacific/Auckland',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+1300',
      'TZOFFSETTO:+1200',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:tz@test',
      'DTSTAMP:20250101T000000Z',
      'DTSTART;TZID=Pacific/Auckland:20300105T080000',
      'SUMMARY:Breakfast',
      'ATTENDEE:mailto:c@x.test',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const [o] = parseCalendar(text);
    expect(o?.day).toBe('2030-01-05');
    expect(o?.start.toISOString()).toBe('2030-01-04T20:00:00.000Z');
  });
});
