import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { IMAP_TLS, MAILBOX_STATUSES, SKIP_REASONS } from './schema.ts';

export { MailboxInput, MailboxPatchInput } from '../../shared/mailbox-input.ts';

export const SyncCountsOutput = z.object({
  seen: z.number().int(),
  logged: z.number().int(),
  duplicates: z.number().int(),
  suggested: z.number().int().describe('Messages only with people who are not contacts: they are suggested'),
  skipped: z.number().int().describe('Messages with nobody to log or suggest, or that could not be read'),
  skipReasons: z
    .partialRecord(z.enum(SKIP_REASONS), z.number().int())
    .optional()
    .describe('How many were skipped for each reason (docs/capture.md)'),
});

export const MailboxOutput = z.object({
  id: Id,
  label: z.string().nullable(),
  address: z.string(),
  imap: z
    .object({ host: z.string(), port: z.number().int(), tls: z.enum(IMAP_TLS), username: z.string() })
    .nullable()
    .describe('Where it reads mail; null for a mailbox that only sends'),
  smtp: z
    .object({
      host: z.string(),
      port: z.number().int(),
      tls: z.enum(IMAP_TLS),
      username: z.string().nullable(),
    })
    .nullable()
    .describe('Where it sends mail; null for a mailbox that only reads'),
  dailyLimit: z.number().int(),
  hourlyLimit: z.number().int(),
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
