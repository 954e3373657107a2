import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { loadConfig } from '../../shared/config.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { runScheduleNow, scheduleJob, unscheduleJob } from '../jobs/schedules.ts';
import { mailboxes } from './schema.ts';
import { assertLogins, changedSettings, newSettings, sealKey, settingsColumns } from './settings.ts';
import { syncMailboxJob } from './sync-job.ts';
import type { MailboxInput, MailboxPatchInput } from './validators.ts';

export type MailboxRow = typeof mailboxes.$inferSelect;

type Mine = { db: Db; workspaceId: string; actorId: string };

const scheduleKey = (id: string) => `mailbox-sync:${id}`;

/** The user's address in the mailbox: as given, else the IMAP or SMTP username when it is an email. */
function addressOf(input: MailboxInput): string {
  const address = input.address ?? input.imap?.username ?? input.smtp?.username ?? '';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
    const message = 'is required when the username is not an email address';
    throw new AppError('validation_failed', `body.address: ${message}`, [{ field: 'body.address', message }]);
  }
  return address.toLowerCase();
}

/** Syncs a mailbox every KITH_SYNC_MINUTES, the first time now (scheduling it again changes nothing else). */
async function scheduleSync(options: { db: Db; workspaceId: string; id: string }) {
  await scheduleJob({
    db: options.db,
    workspaceId: options.workspaceId,
    key: scheduleKey(options.id),
    job: syncMailboxJob,
    payload: { mailboxId: options.id },
    intervalMs: loadConfig().syncMinutes * 60_000,
  });
}

/**
 * Connects a mailbox: checks its logins first (outside any transaction: it talks to the servers), then stores
 * it with its passwords sealed and, when it reads mail, schedules its sync every KITH_SYNC_MINUTES, the first
 * one now.
 */
export async function createMailbox(options: Mine & { input: MailboxInput }): Promise<MailboxRow> {
  const { input, workspaceId, actorId } = options;
  const key = sealKey();
  const address = addressOf(input);
  const settings = newSettings(input);
  await assertLogins(settings);
  return inTransaction(options.db, async (db) => {
    const [row] = await db
      .insert(mailboxes)
      .values({
        workspaceId,
        userId: actorId,
        label: input.label || null,
        address,
        ...settingsColumns(settings, key),
        dailyLimit: input.dailyLimit,
        hourlyLimit: input.hourlyLimit,
        folders: input.folders ?? [],
        ignore: input.ignore ?? [],
      })
      .returning();
    if (!row) throw new Error('mailbox insert returned nothing');
    if (row.imapHost) await scheduleSync({ db, workspaceId, id: row.id });
    await recordAudit({
      db,
      workspaceId,
      actorId,
      action: 'create',
      entity: 'mailbox',
      entityId: row.id,
      changes: { address, imap: row.imapHost, smtp: row.smtpHost },
    });
    return row;
  });
}

/** The caller's own mailboxes, oldest first: nobody sees another user's. */
export async function findMailboxes(options: Mine): Promise<MailboxRow[]> {
  return options.db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, options.workspaceId), eq(mailboxes.userId, options.actorId)))
    .orderBy(asc(mailboxes.createdAt), asc(mailboxes.id));
}

/** One of the caller's mailboxes, or a 404 (another user's is as good as absent). */
export async function getMailbox(options: Mine & { id: string }): Promise<MailboxRow> {
  const [row] = await options.db
    .select()
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.workspaceId, options.workspaceId),
        eq(mailboxes.id, options.id),
        eq(mailboxes.userId, options.actorId),
      ),
    );
  if (!row) throw notFound('Mailbox', options.id);
  return row;
}

/**
 * Changes a mailbox. New IMAP or SMTP settings are checked by logging in (with the stored password unless a
 * new one is given) before anything is written; another IMAP server or account starts its folders from
 * scratch. Gaining IMAP schedules the sync; losing SMTP stops sending.
 */
export async function updateMailbox(
  options: Mine & { id: string; input: MailboxPatchInput },
): Promise<MailboxRow> {
  const { input, workspaceId, actorId } = options;
  const before = await getMailbox(options);
  const settings = changedSettings(before, input, sealKey);
  await assertLogins({
    imap: settings.imapChanged ? settings.imap : null,
    smtp: settings.smtpChanged ? settings.smtp : null,
  });
  const otherAccount =
    settings.imapChanged &&
    (settings.imap?.host !== before.imapHost || settings.imap?.username !== before.imapUsername);
  const columns = settings.imapChanged || settings.smtpChanged ? settingsColumns(settings, sealKey()) : {};
  return inTransaction(options.db, async (db) => {
    const [row] = await db
      .update(mailboxes)
      .set({
        label: input.label === undefined ? undefined : input.label || null,
        address: input.address?.toLowerCase(),
        ...columns,
        dailyLimit: input.dailyLimit,
        hourlyLimit: input.hourlyLimit,
        folders: input.folders,
        ignore: input.ignore,
        folderStates: otherAccount ? [] : undefined,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(mailboxes.workspaceId, workspaceId),
          eq(mailboxes.id, before.id),
          eq(mailboxes.userId, actorId),
        ),
      )
      .returning();
    if (!row) throw notFound('Mailbox', options.id);
    if (row.imapHost && !before.imapHost) await scheduleSync({ db, workspaceId, id: row.id });
    if (!row.imapHost && before.imapHost) await unscheduleJob({ db, workspaceId, key: scheduleKey(row.id) });
    const hide = (v: { password?: string | null } | null | undefined) =>
      v ? { ...v, password: v.password ? 'changed' : undefined } : v;
    await recordAudit({
      db,
      workspaceId,
      actorId,
      action: 'update',
      entity: 'mailbox',
      entityId: row.id,
      changes: { ...input, imap: hide(input.imap), smtp: hide(input.smtp) },
    });
    return row;
  });
}

/** Disconnects a mailbox and stops its sync; the mail it logged stays. */
export async function deleteMailbox(options: Mine & { id: string }): Promise<void> {
  const { db, workspaceId, actorId } = options;
  const row = await getMailbox(options);
  await unscheduleJob({ db, workspaceId, key: scheduleKey(row.id) });
  await db.delete(mailboxes).where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, row.id)));
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'delete',
    entity: 'mailbox',
    entityId: row.id,
    changes: { address: row.address },
  });
}

/**
 * Syncs a mailbox now, as one of its scheduled runs: answers the job, a new one or the sync already queued
 * or running (one sync of a mailbox at a time).
 */
export async function startSync(options: Mine & { id: string }): Promise<string> {
  const { db, workspaceId } = options;
  const row = await getMailbox(options);
  const run = () =>
    runScheduleNow({ db, workspaceId, key: scheduleKey(row.id), maxAttempts: syncMailboxJob.maxAttempts });
  // A mailbox without its schedule (made before schedules, or by a test factory) gets it first.
  let jobId = await run();
  if (!jobId) {
    await scheduleSync({ db, workspaceId, id: row.id });
    jobId = await run();
  }
  if (!jobId) throw new Error(`mailbox ${row.id} could not be scheduled`);
  return jobId;
}
