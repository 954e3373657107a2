import type { MailboxRow } from './mailboxes.ts';
import type { MailboxOutput } from './validators.ts';

/** Picks the API fields of a mailbox: never its password, sealed or not. */
export function presentMailbox(row: MailboxRow): MailboxOutput {
  const states = new Map(row.folderStates.map((f) => [f.name, f]));
  // The folders chosen, with where each stands; else the ones the syncs found (INBOX and Sent).
  const names = row.folders.length > 0 ? row.folders : [...states.keys()];
  return {
    id: row.id,
    label: row.label,
    address: row.address,
    imap:
      row.imapHost && row.imapPort && row.imapTls && row.imapUsername
        ? { host: row.imapHost, port: row.imapPort, tls: row.imapTls, username: row.imapUsername }
        : null,
    smtp:
      row.smtpHost && row.smtpPort && row.smtpTls
        ? { host: row.smtpHost, port: row.smtpPort, tls: row.smtpTls, username: row.smtpUsername }
        : null,
    dailyLimit: row.dailyLimit,
    hourlyLimit: row.hourlyLimit,
    folders: names.map((name) => ({
      name,
      uidValidity: states.get(name)?.uidValidity ?? null,
      lastUid: states.get(name)?.lastUid ?? 0,
    })),
    ignore: row.ignore,
    status: row.status,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    counts: row.counts,
    lastRun: row.lastRun ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
