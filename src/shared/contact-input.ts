import { z } from 'zod';
import { IntervalDays } from './tier-input.ts';
import { BoundedDate, Id, ShortText } from './validators.ts';
import { STAGES } from './vocabulary.ts';

/**
 * A contact's input fields: the API validates with them and the web app's contact form checks its draft
 * with the same schema before sending it, so both say the same thing in the same words.
 */
export const MAX_TAGS = 50;

/** One tag, trimmed and lower-cased, so "VIP " and "vip" are one tag. */
export const Tag = z.string().trim().toLowerCase().min(1).max(50);

/** Tags are de-duplicated after trimming and lower-casing. */
export const Tags = z
  .array(Tag)
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)]);

/** Email addresses, stored as given; the same address twice in one list is an error on the second. */
export const EmailList = z
  .array(z.email({ error: 'must be a valid email address' }).max(254))
  .max(20)
  .superRefine((emails, ctx) => {
    const seen = new Set<string>();
    emails.forEach((email, i) => {
      const key = email.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'is listed twice' });
      seen.add(key);
    });
  });

export const PhoneInput = z.object({
  label: z.string().trim().max(50).nullable().optional(),
  number: z.string().trim().min(1).max(50),
});

/** The day a snoozed contact comes back on Today. */
export const SnoozeDate = BoundedDate('snooze');

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** The fields a contact can be created or changed with; none has a default here, so PATCH stays partial. */
export const contactFields = {
  firstName: ShortText,
  lastName: z.string().trim().max(200).optional(),
  emails: EmailList.optional(),
  phones: z.array(PhoneInput).max(20).optional(),
  title: optionalText(200),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional().describe('Defaults to the caller; a user of the workspace'),
  tierId: Id.nullable().optional(),
  intervalDays: IntervalDays.optional().describe("Days between touches; overrides the tier's interval"),
  stage: z.enum(STAGES).optional(),
  readiness: z.number().int().min(0).max(5).optional().describe('0 (cold) to 5 (ready to buy)'),
  tags: Tags.optional(),
  source: optionalText(200),
  birthday: BoundedDate('birthday').nullable().optional(),
  linkedinUrl: z
    .url({ protocol: /^https?$/, error: 'must be a web address (https://…)' })
    .max(500)
    .nullable()
    .optional()
    .describe("The LinkedIn profile's address"),
  doNotContact: z.boolean().optional(),
  snoozedUntil: SnoozeDate.nullable()
    .optional()
    .describe('Hidden from Today until this date (at most 2 years ahead); null un-snoozes'),
};

export const ContactCreateInput = z.object(contactFields);
export type ContactCreateInput = z.infer<typeof ContactCreateInput>;
