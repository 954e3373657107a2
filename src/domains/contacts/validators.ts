import { z } from 'zod';
import { contactFields, Tags } from '../../shared/contact-input.ts';
import { pageOf } from '../../shared/pagination.ts';
import { presented } from '../../shared/presented.ts';
import { Id, Limit, ShortText } from '../../shared/validators.ts';
import { CONTACT_SORTS, DUE_FILTERS } from '../../shared/vocabulary.ts';
import { CHANNELS } from '../cadence/schema.ts';
import { DUE_REASONS, STAGES } from './schema.ts';

export {
  ContactCreateInput,
  EmailList,
  MAX_TAGS,
  PhoneInput,
  Tags,
} from '../../shared/contact-input.ts';

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

/** An export takes the list's filters (not its paging), the format, and the vCard version. */
export const ContactExportQuery = ContactListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['vcard', 'csv']).default('vcard'),
  version: z.enum(['4.0', '3.0']).default('4.0').describe('vCard version; 3.0 for older clients'),
});
export type ContactExportQuery = z.infer<typeof ContactExportQuery>;

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
  linkedinUrl: z.string().nullable(),
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
  attempts: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe(
      'For an open lead, the outbound attempts since it last answered (of the five persistence aims for); ' +
        "null otherwise. Of the contact endpoints only GET /api/contacts/{id} carries it (Today's rows do too)",
    ),
});
export type ContactOutput = z.infer<typeof ContactOutput>;

/** A page of the contacts list or search: presented, so kith serve writes it without parsing it again. */
export const ContactPageOutput = presented(pageOf(ContactOutput));
