import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { loadConfig } from '../../shared/config.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { runScheduleNow, scheduleJob, unscheduleJob } from '../jobs/schedules.ts';
import { checkImapLogin, type ImapLogin } from './imap.ts';
import { mailboxes } from './schema.ts';
import { requireSealKey, resolveSealKey, seal, unseal } from './secret.ts';
import { syncMailboxJob } from './sync-job.ts';
import type { MailboxInput, MailboxPatchInput } from './validators.ts';

export type MailboxRow = typeof mailboxes.$inferSelect;

type Mine = { db: Db; workspaceId: string; actorId: string };

const scheduleKey = (id: string) => `mailbox-sync:${id}`;

/** The key that seals passwords, or the refusal that says what to set (on PostgreSQL without KITH_SECRET). */
function sealKey() {
  const config = loadConfig();
  return requireSealKey(
    resolveSealKey({ secret: config.secret, dataDir: config.databaseUrl ? null : config.dataDir }),
  );
}

/** Logs in once; a refusal is a 422 that names the field to fix. */
async function assertLogin(login: ImapLogin) {
  const problem = await checkImapLogin(login);
  if (problem) throw new AppError('unprocessable', `${problem.field}: ${problem.message}`, [problem]);
}

/** The user's address in the mailbox: as given, else the username when it is an email. */
function addressOf(input: { address?: string; imap: { username: string } }): string {
  const address = input.address ?? input.imap.username;
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
 * Connects a mailbox: checks the login first (outside any transaction: it talks to the IMAP server), then
 * stores it with its password sealed and schedules its sync every KITH_SYNC_MINUTES, the first one now.
 */
export async function createMailbox(options: Mine & { input: MailboxInput }): Promise<MailboxRow> {
  const { input, workspaceId, actorId } = options;
  const key = sealKey();
  const address = addressOf(input);
  await assertLogin(input.imap);
  return inTransaction(options.db, async (db) => {
    const [row] = await db
      .insert(mailboxes)
      .values({
        workspaceId,
        userId: actorId,
        label: input.label || null,
        address,
        imapHost: input.imap.host,
        imapPort: input.imap.port,
        imapTls: input.imap.tls,
        imapUsername: input.imap.username,
        passwordSealed: seal(key, input.imap.password),
        folders: input.folders ?? [],
        ignore: input.ignore ?? [],
      })
      .returning();
    if (!row) throw new Error('mailbox insert returned nothing');
    await scheduleSync({ db, workspaceId, id: row.id });
    await recordAudit({
      db,
      workspaceId,
      actorId,
      action: 'create',
      entity: 'mailbox',
      entityId: row.id,
      changes: { address, host: row.imapHost, username: row.imapUsername },
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
 * Changes a mailbox. New IMAP settings are checked by logging in (with the stored password unless a new one
 * is given) before anything is written; another server or account starts its folders from scratch.
 */
export async function updateMailbox(
  options: Mine & { id: string; input: MailboxPatchInput },
): Promise<MailboxRow> {
  const { input, workspaceId, actorId } = options;
  const before = await getMailbox(options);
  const imap = input.imap ?? {};
  const imapChanged = Object.values(imap).some((v) => v !== undefined);
  const key = imap.password !== undefined ? sealKey() : null;
  if (imapChanged) {
    await assertLogin({
      host: imap.host ?? before.imapHost,
      port: imap.port ?? before.imapPort,
      tls: imap.tls ?? before.imapTls,
      username: imap.username ?? before.imapUsername,
      password: imap.password ?? unseal(sealKey(), before.passwordSealed),
    });
  }
  const otherAccount =
    (imap.host !== undefined && imap.host !== before.imapHost) ||
    (imap.username !== undefined && imap.username !== before.imapUsername);
  return inTransaction(options.db, async (db) => {
    const [row] = await db
      .update(mailboxes)
      .set({
        label: input.label === undefined ? undefined : input.label || null,
        address: input.address?.toLowerCase(),
        imapHost: imap.host,
        imapPort: imap.port,
        imapTls: imap.tls,
        imapUsername: imap.username,
        passwordSealed: key && imap.password ? seal(key, imap.password) : undefined,
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
    const { password: _secret, ...shown } = imap;
    await recordAudit({
      db,
      workspaceId,
      actorId,
      action: 'update',
      entity: 'mailbox',
      entityId: row.id,
      changes: {
        ...input,
        imap: imapChanged ? { ...shown, password: imap.password ? 'changed' : undefined } : undefined,
      },
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
