import { z } from 'zod';
import { addDays, daysBetween, type IsoDate } from '../../shared/dates.ts';

/** A fact is brought up when its remind date is at most this many days before or after the day. */
export const REMIND_WINDOW_DAYS = 7;
/** Without a timely fact, this many of the newest facts stand in. */
export const NEWEST_FACTS = 3;
/** A birthday shows this many days ahead (inclusive). */
export const BIRTHDAY_HORIZON_DAYS = 14;

export const TalkingPointOutput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fact'),
    factId: z.uuid(),
    text: z.string(),
    remindOn: z.iso.date().nullable(),
  }),
  z.object({
    kind: z.literal('birthday'),
    date: z.iso.date().describe('The upcoming birthday'),
    inDays: z.number().int().min(0),
  }),
]);
export type TalkingPoint = z.infer<typeof TalkingPointOutput>;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The birthday's date in a year; Feb 29 falls on Feb 28 in years without one. */
function birthdayIn(year: number, birthday: IsoDate): IsoDate {
  const monthDay = birthday.slice(5);
  const day = monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

/** The next occurrence of a birthday on or after asOf. */
export function nextBirthday(birthday: IsoDate, asOf: IsoDate): IsoDate {
  const year = Number(asOf.slice(0, 4));
  const thisYear = birthdayIn(year, birthday);
  return thisYear >= asOf ? thisYear : birthdayIn(year + 1, birthday);
}

/** The first and last remind dates that make a fact timely on asOf. */
export function remindWindow(asOf: IsoDate): [IsoDate, IsoDate] {
  return [addDays(asOf, -REMIND_WINDOW_DAYS), addDays(asOf, REMIND_WINDOW_DAYS)];
}

/** A fact that may become a talking point: timely on the day, or among its contact's newest (rank 1 = newest). */
export type FactCandidate = {
  id: string;
  text: string;
  remindOn: IsoDate | null;
  isTimely: boolean;
  rank: number;
};

/**
 * One contact's talking points, the rule in one place: its birthday when it falls in the next 14 days,
 * then its timely facts by remind date, or, when none is timely, its 3 newest facts.
 */
export function chooseTalkingPoints(options: {
  candidates: FactCandidate[];
  birthday: IsoDate | null;
  asOf: IsoDate;
}): TalkingPoint[] {
  const points: TalkingPoint[] = [];
  if (options.birthday) {
    const date = nextBirthday(options.birthday, options.asOf);
    const inDays = daysBetween(options.asOf, date);
    if (inDays <= BIRTHDAY_HORIZON_DAYS) points.push({ kind: 'birthday', date, inDays });
  }
  const timely = options.candidates.filter((c) => c.isTimely);
  const chosen = timely.length
    ? timely.sort((a, b) => (a.remindOn ?? '').localeCompare(b.remindOn ?? '') || a.rank - b.rank)
    : options.candidates.filter((c) => c.rank <= NEWEST_FACTS).sort((a, b) => a.rank - b.rank);
  for (const c of chosen) points.push({ kind: 'fact', factId: c.id, text: c.text, remindOn: c.remindOn });
  return points;
}
