import { z } from 'zod';

/**
 * What connecting or changing a mailbox takes: the API validates with it, and the web app's form checks what
 * is typed with the same schema before sending it.
 */

/** How the IMAP connection is secured; kept here (not in the table's schema) so the web app can import it. */
export const IMAP_TLS_MODES = ['implicit', 'starttls', 'none'] as const;

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
    .enum(IMAP_TLS_MODES)
    .default('implicit')
    .describe('implicit (port 993), starttls (port 143), or none (loopback and tests only)'),
  username: z.string().trim().min(1, { error: 'is required' }).max(320),
  password: z.string().min(1, { error: 'is required' }).max(1000),
});

/** Sending: a server without authentication leaves out the username and password. */
export const SmtpInput = z
  .object({
    host: Host,
    port: z.number().int().min(1).max(65535).default(587),
    tls: z
      .enum(IMAP_TLS_MODES)
      .default('starttls')
      .describe('implicit (port 465), starttls (port 587), or none (a relay on a trusted network)'),
    username: z.string().trim().min(1).max(320).optional(),
    password: z.string().min(1).max(1000).optional(),
  })
  .refine((smtp) => !smtp.password || smtp.username, {
    path: ['username'],
    error: 'is required with a password',
  });

const Limit = (fallback: number, max: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

export const MailboxInput = z
  .object({
    label: z.string().trim().max(100).optional(),
    address: z
      .email({ error: 'must be a full email address, such as name@example.com' })
      .max(320)
      .optional()
      .describe(
        'Your address in this mailbox: mail from it is outbound. Defaults to the username when it is one',
      ),
    imap: ImapInput.optional().describe('To read mail (sync); leave out for a mailbox that only sends'),
    smtp: SmtpInput.optional().describe('To send mail (templates, sequences); leave out to only read'),
    dailyLimit: Limit(200, 10_000).describe('At most this many emails sent in any 24 hours (default 200)'),
    hourlyLimit: Limit(50, 1_000).describe('At most this many in any hour (default 50)'),
    folders: z
      .array(Folder)
      .max(50)
      .optional()
      .describe('The folders to read; by default INBOX and the folder marked \\Sent'),
    ignore: z
      .array(IgnoreEntry)
      .max(500)
      .optional()
      .describe('Addresses and domains never to log or suggest'),
  })
  .refine((m) => m.imap || m.smtp, {
    path: ['imap'],
    error: 'or SMTP settings are needed: IMAP to read mail, SMTP to send it, or both',
  });
export type MailboxInput = z.infer<typeof MailboxInput>;

/** A change to a mailbox; a new password is checked with the rest before it is stored. */
export const MailboxPatchInput = z.object({
  label: z.string().trim().max(100).nullable().optional(),
  address: z.email({ error: 'must be a full email address, such as name@example.com' }).max(320).optional(),
  imap: ImapInput.partial({ password: true })
    .extend({ port: z.number().int().min(1).max(65535), tls: z.enum(IMAP_TLS_MODES) })
    .partial()
    .optional(),
  smtp: z
    .object({
      host: Host,
      port: z.number().int().min(1).max(65535),
      tls: z.enum(IMAP_TLS_MODES),
      username: z.string().trim().min(1).max(320).nullable(),
      password: z.string().min(1).max(1000).nullable(),
    })
    .partial()
    .nullable()
    .optional()
    .describe('null stops sending from this mailbox'),
  dailyLimit: z.number().int().min(1).max(10_000).optional(),
  hourlyLimit: z.number().int().min(1).max(1_000).optional(),
  folders: z.array(Folder).max(50).optional(),
  ignore: z.array(IgnoreEntry).max(500).optional(),
});
export type MailboxPatchInput = z.infer<typeof MailboxPatchInput>;
