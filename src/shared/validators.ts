import { z } from 'zod';
import { type DateRule, dateProblem, dateRuleMessage } from './date-bounds.ts';
import { FIRST_DAY, LAST_DAY } from './vocabulary.ts';
// Installs the messages a person would write as Zod's defaults, wherever validators are used.
import './zod-messages.ts';

/** Zod pieces shared by every domain's validators. */
export const Id = z.uuid({ error: 'must be a UUID' });
export const IdParams = z.object({ id: Id });

/**
 * Input days must fall in FIRST_DAY..LAST_DAY (shared/vocabulary.ts), dates and date-times alike (a date-time
 * by its UTC day): PostgreSQL has no year 0, JavaScript writes years past 9999 with six digits.
 */
const inRange = (day: string) => day >= FIRST_DAY && day <= LAST_DAY;
const RANGE_ERROR = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

// An empty date field in a form is a missing date, not a badly written one.
export const IsoDate = z.iso
  .date({
    error: (issue) =>
      issue.input === undefined || issue.input === '' ? 'is required' : 'must be a date as YYYY-MM-DD',
    abort: true,
  })
  .refine(inRange, { error: RANGE_ERROR });
/** An input date that must also satisfy one of the rules of shared/date-bounds.ts (relative to today). */
export function BoundedDate(rule: DateRule) {
  return IsoDate.refine((day) => dateProblem(rule, day) === null, { error: dateRuleMessage(rule) });
}

export const IsoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time', abort: true })
  .refine((at) => inRange(new Date(at).toISOString().slice(0, 10)), { error: RANGE_ERROR });

/** A date in a response: as stored, which may predate the input range above. */
export const DateOutput = z.iso.date();

export const Limit = z.coerce.number().int().min(1).max(200).default(50);

/** A short single-line text such as a name or a title. */
export const ShortText = z.string().trim().min(1).max(200);
/** A longer free text such as a summary or a fact. */
export const LongText = z.string().trim().min(1).max(2000);
/** An interaction body or a note. */
export const Body = z.string().max(100_000);

export const ErrorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(
      z.object({
        field: z.string(),
        message: z.string(),
        related: z
          .object({ type: z.enum(['contact']), id: z.uuid(), name: z.string() })
          .optional()
          .describe('The record the problem is about, such as the contact that has a taken email'),
      }),
    ),
  }),
});
