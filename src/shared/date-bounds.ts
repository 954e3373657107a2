import { addDays, todayUtc } from './dates.ts';

/**
 * How far from today the dates people type may be: the same rules in the API's validators and the web app's
 * forms, so a form refuses what the server would and says it the same way.
 */
const RULES = {
  /** Snoozing hides a contact from Today; longer than two years is a mistake, or archiving. */
  snooze: {
    check: (day: string, today: string) => day <= addDays(today, 730),
    message: 'must be at most 2 years from today',
  },
  /** A next step planned for long ago is a typo for this year. */
  nextStep: {
    check: (day: string, today: string) => day >= addDays(today, -365),
    message: 'must not be more than a year ago',
  },
  birthday: { check: (day: string, today: string) => day <= today, message: 'must not be in the future' },
  /** A fact's reminder brings it up as a talking point; five years either way is plenty. */
  reminder: {
    check: (day: string, today: string) => day >= addDays(today, -5 * 365) && day <= addDays(today, 5 * 365),
    message: 'must be within 5 years of today',
  },
} as const;

export type DateRule = keyof typeof RULES;

/** What is wrong with `day` for this kind of date, in words for the field's message, or null when it is fine. */
export function dateProblem(rule: DateRule, day: string, today: string = todayUtc()): string | null {
  const { check, message } = RULES[rule];
  return check(day, today) ? null : message;
}

/** The message of a rule, for a Zod refinement. */
export function dateRuleMessage(rule: DateRule): string {
  return RULES[rule].message;
}
