import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { IMAP_TLS, MAILBOX_STATUSES } from './schema.ts';

const Host = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(253)
  .regex(/^[a-z0-9.:[\]-]+$/i, { error: 'must be a host name or an IP address, such as imap.example.com' });

/** An address or a domain to leave alone: `ada@example.com` or `example.com`. */
const IgnoreEntry = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(320)
  .regex(/^([^@\s]+@)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, {
    error: 'must be an email address or a domain, such as ada@example.com or example.com',
  });

const Folder = z.string().trim().min(1).max(500);

export const ImapInput = z.object({
  host: Host,
  port: z.number().int().min(1).max(65535).default(993),
  tls: z
    .enum(IMAP_TLS)
    .default('implicit')
    .describe('implicit (port 993), starttls (port 143), or none (loopback and tests only)'),
  username: z.string().trim().min(1, { error: 'is required' }).max(320),
  password: z.string().min(1, { error: 'is required' }).max(1000),
});

export const MailboxInput = z.object({
  label: z.string().trim().max(100).optional(),
  address: z
    .email({ error: 'must be a full email address, such as name@example.com' })
    .max(320)
    .optional()
    .describe(
      'Your address in this mailbox: mail from it is outbound. Defaults to the username when it is one',
    ),
  imap: ImapInput,
  folders: z
    .array(Folder)
    .max(50)
    .optional()
    .describe('The folders to read; by default INBOX and the folder marked \\Sent'),
  ignore: z.array(IgnoreEntry).max(500).optional().describe('Addresses and domains never to log or suggest'),
});
export type MailboxInput = z.infer<typeof MailboxInput>;

/** A change to a mailbox; a new password is checked with the rest before it is stored. */
export const MailboxPatchInput = z.object({
  label: z.string().trim().max(100).nullable().optional(),
  address: z.email({ error: 'must be a full email address, such as name@example.com' }).max(320).optional(),
  imap: ImapInput.partial({ password: true })
    .extend({ port: z.number().int().min(1).max(65535), tls: z.enum(IMAP_TLS) })
    .partial()
    .optional(),
  folders: z.array(Folder).max(50).optional(),
  ignore: z.array(IgnoreEntry).max(500).optional(),
});
export type MailboxPatchInput = z.infer<typeof MailboxPatchInput>;

export const SyncCountsOutput = z.object({
  seen: z.number().int(),
  logged: z.number().int(),
  duplicates: z.number().int(),
  suggested: z.number().int().describe('Messages only with people who are not contacts: they are suggested'),
  skipped: z.number().int().describe('Messages with nobody to log or suggest, or that could not be read'),
});

export const MailboxOutput = z.object({
  id: Id,
  label: z.string().nullable(),
  address: z.string(),
  imap: z.object({
    host: z.string(),
    port: z.number().int(),
    tls: z.enum(IMAP_TLS),
    username: z.string(),
  }),
  folders: z.array(
    z.object({ name: z.string(), uidValidity: z.string().nullable(), lastUid: z.number().int() }),
  ),
  ignore: z.array(z.string()),
  status: z.enum(MAILBOX_STATUSES),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  counts: SyncCountsOutput.describe('Every sync of this mailbox, added up'),
  lastRun: SyncCountsOutput.nullable().describe("The last finished sync's own counts"),
  createdAt: z.string(),
});
export type MailboxOutput = z.infer<typeof MailboxOutput>;

export const MailboxListOutput = z.object({ items: z.array(MailboxOutput) });

export const SyncQuery = z.object({
  wait: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: answer once the sync is done, with its counts'),
});

/** A sync started: follow the job with GET /api/jobs/{jobId}. */
export const SyncStartedOutput = z.object({ jobId: Id });
/** A sync waited for: its counts, and the mailbox after it. */
export const SyncDoneOutput = z.object({
  jobId: Id,
  counts: SyncCountsOutput,
  mailbox: MailboxOutput,
});
