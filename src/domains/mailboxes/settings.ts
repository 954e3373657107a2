import { loadConfig } from '../../shared/config.ts';
import { AppError } from '../../shared/errors.ts';
import type { MailboxInput, MailboxPatchInput } from '../../shared/mailbox-input.ts';
import { checkImapLogin, type ImapLogin, imapLoginOf } from './imap.ts';
import type { mailboxes } from './schema.ts';
import { requireSealKey, resolveSealKey, type SealKey, seal } from './secret.ts';
import { checkSmtpLogin, type SmtpLogin, smtpLoginOf } from './smtp.ts';

// A mailbox's connection settings as a change leaves them: merged with what is stored, checked against the
// servers (outside any transaction), and sealed for the row.

type MailboxRow = typeof mailboxes.$inferSelect;

/** The key that seals passwords, or the refusal that says what to set (on PostgreSQL without KITH_SECRET). */
export function sealKey(): SealKey {
  const config = loadConfig();
  return requireSealKey(
    resolveSealKey({ secret: config.secret, dataDir: config.databaseUrl ? null : config.dataDir }),
  );
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

/** The settings a new mailbox is made with. */
export function newSettings(input: MailboxInput): { imap: ImapLogin | null; smtp: SmtpLogin | null } {
  const smtp = input.smtp
    ? { ...input.smtp, username: input.smtp.username ?? null, password: input.smtp.password ?? null }
    : null;
  return { imap: input.imap ?? null, smtp };
}

/**
 * The settings after a change: IMAP and SMTP each as stored, or with the fields given on top (a password
 * left out keeps the stored one). A mailbox without IMAP or SMTP needs every field of it to gain it.
 */
export function changedSettings(before: MailboxRow, input: MailboxPatchInput, key: () => SealKey) {
  const given = (v: object | null | undefined) =>
    v === null || (v !== undefined && Object.values(v).some((x) => x !== undefined));
  // Nothing about the connections changes: their stored passwords stay sealed.
  if (!given(input.imap) && !given(input.smtp)) {
    return { imap: null, smtp: null, imapChanged: false, smtpChanged: false };
  }
  const storedImap = before.imapHost ? imapLoginOf(before, key()) : null;
  const storedSmtp = before.smtpHost ? smtpLoginOf(before, key()) : null;
  let imap = storedImap;
  if (input.imap && Object.values(input.imap).some((v) => v !== undefined)) {
    const merged = { ...storedImap, ...withoutUndefined(input.imap) };
    if (!merged.host || !merged.username || !merged.password) {
      throw invalid('body.imap', 'needs a host, a username and a password to start reading this mailbox');
    }
    imap = {
      host: merged.host,
      port: merged.port ?? 993,
      tls: merged.tls ?? 'implicit',
      username: merged.username,
      password: merged.password,
    };
  }
  let smtp = storedSmtp;
  if (input.smtp === null) smtp = null;
  else if (input.smtp && Object.values(input.smtp).some((v) => v !== undefined)) {
    const merged = { ...storedSmtp, ...withoutUndefined(input.smtp) };
    if (!merged.host) throw invalid('body.smtp', 'needs a host to start sending from this mailbox');
    smtp = {
      host: merged.host,
      port: merged.port ?? 587,
      tls: merged.tls ?? 'starttls',
      username: merged.username ?? null,
      password: merged.username ? (merged.password ?? null) : null,
    };
  }
  if (!imap && !smtp) {
    throw invalid('body.smtp', 'cannot go with IMAP absent too: a mailbox reads mail, sends it, or both');
  }
  return {
    imap,
    smtp,
    imapChanged: JSON.stringify(imap) !== JSON.stringify(storedImap),
    smtpChanged: JSON.stringify(smtp) !== JSON.stringify(storedSmtp),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** Logs in to each server given; a refusal is a 422 naming the field to fix. */
export async function assertLogins(settings: { imap?: ImapLogin | null; smtp?: SmtpLogin | null }) {
  const problem =
    (settings.imap ? await checkImapLogin(settings.imap) : null) ??
    (settings.smtp ? await checkSmtpLogin(settings.smtp) : null);
  if (problem) throw new AppError('unprocessable', `${problem.field}: ${problem.message}`, [problem]);
}

/** The row's columns for these settings, passwords sealed. */
export function settingsColumns(settings: { imap: ImapLogin | null; smtp: SmtpLogin | null }, key: SealKey) {
  const { imap, smtp } = settings;
  return {
    imapHost: imap?.host ?? null,
    imapPort: imap?.port ?? null,
    imapTls: imap?.tls ?? null,
    imapUsername: imap?.username ?? null,
    passwordSealed: imap ? seal(key, imap.password) : null,
    smtpHost: smtp?.host ?? null,
    smtpPort: smtp?.port ?? null,
    smtpTls: smtp?.tls ?? null,
    smtpUsername: smtp?.username ?? null,
    smtpPasswordSealed: smtp?.password ? seal(key, smtp.password) : null,
  };
}
