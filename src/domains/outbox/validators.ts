import { z } from 'zod';
import { Id, Limit } from '../../shared/validators.ts';
import { OUTBOX_SOURCES, OUTBOX_STATUSES } from './schema.ts';

/** One email now: written here, or a template rendered for the contact. */
export const EmailInput = z.union([
  z.object({
    contactId: Id,
    mailboxId: Id,
    subject: z.string().trim().min(1).max(500),
    body: z.string().trim().min(1).max(20_000),
  }),
  z.object({ contactId: Id, mailboxId: Id, templateId: Id }),
]);
export type EmailInput = z.infer<typeof EmailInput>;

export const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  limit: Limit,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const OutboxOutput = z.object({
  id: Id,
  mailboxId: Id,
  contactId: Id,
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  messageId: z.string(),
  source: z.enum(OUTBOX_SOURCES),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  smtpResponse: z.string().nullable().describe("The mail server's last reply"),
  interactionId: Id.nullable().describe("The email on the contact's timeline, once sent"),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxOutput = z.infer<typeof OutboxOutput>;

export const OutboxListOutput = z.object({ items: z.array(OutboxOutput), total: z.number().int() });
