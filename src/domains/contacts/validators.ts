import { z } from 'zod';
import { pageOf } from '../../shared/pagination.ts';
import { presented } from '../../shared/presented.ts';
import { BoundedDate, Id, Limit, ShortText } from '../../shared/validators.ts';
import { CONTACT_SORTS, DUE_FILTERS } from '../../shared/vocabulary.ts';
import { CHANNELS } from '../cadence/schema.ts';
import { DUE_REASONS, STAGES } from './schema.ts';

export const MAX_TAGS = 50;

/** Tags are trimmed, lower-cased and de-duplicated, so "VIP " and "vip" are one tag. */
export const Tags = z
  .array(z.string().trim().toLowerCase().min(1).max(50))
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

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** The fields a contact can be created or changed with; none has a default here, so PATCH stays partial. */
const contactFields = {
  firstName: ShortText,
  lastName: z.string().trim().max(200).optional(),
  emails: EmailList.optional(),
  phones: z.array(PhoneInput).max(20).optional(),
  title: optionalText(200),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional().describe('Defaults to the caller; a user of the workspace'),
  tierId: Id.nullable().optional(),
  intervalDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional()
    .describe("Days between touches; overrides the tier's interval"),
  stage: z.enum(STAGES).optional(),
  readiness: z.number().int().min(0).max(5).optional().describe('0 (cold) to 5 (ready to buy)'),
  tags: Tags.optional(),
  source: optionalText(200),
  birthday: BoundedDate('birthday').nullable().optional(),
  doNotContact: z.boolean().optional(),
  snoozedUntil: BoundedDate('snooze')
    .nullable()
    .optional()
    .describe('Hidden from Today until this date (at most 2 years ahead); null un-snoozes'),
};

export const ContactCreateInput = z.object(contactFields);
export type ContactCreateInput = z.infer<typeof ContactCreateInput>;

export const ContactUpdateInput = z.object({
  ...contactFields,
  firstName: ShortText.optional(),
  archived: z.boolean().optional(),
});
export type ContactUpdateInput = z.infer<typeof ContactUpdateInput>;

const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ContactListQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Fuzzy search over name, emails and company'),
  tierId: Id.optional(),
  stage: z.enum(STAGES).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
  ownerId: z
    .union([z.literal('me'), Id])
    .optional()
    .describe('`me` or a user id'),
  companyId: Id.optional(),
  archived: BooleanQuery.default(false),
  due: z
    .enum(DUE_FILTERS)
    .optional()
    .describe('overdue, due within 7 days (week), snoozed, or no open next step (noPlan)'),
  firstName: z.string().trim().min(1).max(200).optional().describe('This first name exactly, any case'),
  lastName: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('With firstName: this last name exactly, any case'),
  sort: z.enum(CONTACT_SORTS).default('name').describe('Ignored with q, which ranks by relevance'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: Limit,
  cursor: z.string().max(500).optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const BulkContactsInput = z.object({
  ids: z.array(Id).min(1).max(500),
  set: z
    .object({
      tierId: Id.nullable().optional(),
      ownerId: Id.optional(),
      addTags: Tags.optional(),
      stage: z.enum(STAGES).optional(),
    })
    .refine((set) => Object.values(set).some((v) => v !== undefined), {
      error: 'must change at least one field',
    }),
});
export type BulkContactsInput = z.infer<typeof BulkContactsInput>;

export const ContactOutput = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  company: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  companyId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  tier: z
    .object({
      id: z.uuid(),
      name: z.string(),
      priority: z.number().int(),
      intervalDays: z.number().int().nullable(),
      channel: z.enum(CHANNELS),
    })
    .nullable(),
  tierId: z.uuid().nullable(),
  intervalDays: z.number().int().nullable(),
  stage: z.enum(STAGES),
  readiness: z.number().int(),
  tags: z.array(z.string()),
  source: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.object({ label: z.string().nullable(), number: z.string() })),
  birthday: z.string().nullable(),
  doNotContact: z.boolean(),
  snoozedUntil: z.string().nullable(),
  archived: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastTouchAt: z.iso.datetime().nullable(),
  nextDueAt: z.string().nullable().describe('The date the contact is next due (YYYY-MM-DD)'),
  dueReason: z.enum(DUE_REASONS).nullable(),
  overdueDays: z.number().int().nullable().describe('Whole days past nextDueAt, 0 when not yet due'),
  isOrphan: z.boolean().describe('No cadence and no open next step'),
});
export type ContactOutput = z.infer<typeof ContactOutput>;

/** A page of the contacts list or search: presented, so kith serve writes it without parsing it again. */
export const ContactPageOutput = presented(pageOf(ContactOutput));
