import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordTouches, type TouchItem } from '../interactions/record-touches.ts';
import { classifyTouch, type TouchSignals } from '../interactions/touch-rule.ts';
import type { Progress } from '../jobs/define-job.ts';
import { isIgnored, isMachineAddress } from '../suggestions/noreply.ts';
import { lockAddresses, recordSightings, type Sighting } from '../suggestions/record.ts';
import type { SuggestedMessage } from '../suggestions/schema.ts';
import { emailTouch } from './email-item.ts';
import { fetchHeads, type ImapFlow, imapClient } from './imap.ts';
import { headerFits, type ParsedMessage, parseMessage } from './parse-message.ts';
import { emptyCounts, type FolderState, mailboxes, type SkipReason, type SyncCounts } from './schema.ts';
import type { SealKey } from './secret.ts';
import { contactsByAddress, findTeamAddresses, type TeamAddresses } from './team-addresses.ts';

type MailboxRow = typeof mailboxes.$inferSelect;

/** Messages fetched and logged per transaction; each batch commits with its folder's checkpoint. */
export const SYNC_BATCH = 200;
/** How much of each message is fetched: the headers and the start of the text are all sync keeps. */
export const FETCH_BYTES = 64 * 1024;

/** Counts a message as skipped, and why. */
function skip(counts: SyncCounts, reason: SkipReason) {
  counts.skipped++;
  counts.skipReasons = { ...counts.skipReasons, [reason]: (counts.skipReasons?.[reason] ?? 0) + 1 };
}

/** The folders to read: the ones chosen, else INBOX and the folder marked \Sent. */
async function foldersOf(client: ImapFlow, mailbox: MailboxRow): Promise<string[]> {
  if (mailbox.folders.length > 0) return mailbox.folders;
  const sent = (await client.list()).find((f) => f.specialUse === '\\Sent');
  return ['INBOX', ...(sent ? [sent.path] : [])];
}

/**
 * Logs one batch of parsed messages through the one touch path, with the folder's checkpoint, in one
 * transaction: a message to or from known contacts becomes an email interaction (outbound when the user
 * sent it; mail between teammates is internal). Correspondents who are not contacts are suggested
 * (suggestions/record.ts), unless they are machines, ignored, or on mail that is not a conversation (an
 * auto-reply, bulk mail). Each message counts once: logged, a duplicate, suggested, or skipped.
 */
async function logBatch(options: {
  db: Db;
  mailbox: MailboxRow;
  team: TeamAddresses;
  own: Set<string>;
  messages: ParsedMessage[];
  folder: FolderState;
  counts: SyncCounts;
  base: SyncCounts;
}) {
  const { mailbox, messages, team } = options;
  const ws = mailbox.workspaceId;
  // Counted apart and added once the batch commits: a transaction retried after a deadlock counts once.
  const counted = await inTransaction(options.db, async (tx) => {
    const batch = emptyCounts();
    const people = [...new Set(messages.flatMap((m) => [...m.from, ...m.to, ...m.cc]))].filter(
      (a) => !team.has(a) && !isIgnored(a, mailbox.ignore),
    );
    // Before reading who is a contact: an accept of one of these addresses waits for this batch, or this
    // batch for it (suggestions/record.ts, lockAddresses).
    await lockAddresses({ db: tx, workspaceId: ws, emails: people });
    const byAddress = await contactsByAddress(tx, ws, people);
    const items: TouchItem[] = [];
    const sightings: Sighting[] = [];
    for (const m of messages) {
      const everyone = [...m.from, ...m.to, ...m.cc];
      const contactIds = [...new Set(everyone.flatMap((a) => byAddress.get(a) ?? []))];
      const direction = m.from.some((a) => options.own.has(a)) ? 'out' : 'in';
      const signals: TouchSignals = {
        autoSubmitted: m.signals.autoSubmitted,
        precedence: m.signals.precedence,
        listId: m.signals.listId,
        unsubscribeFromStranger: m.signals.listUnsubscribe && !m.from.some((a) => byAddress.has(a)),
        internal: everyone.every((a) => team.has(a)),
      };
      const strangers =
        classifyTouch({ kind: 'email', direction, signals }) === 'touch'
          ? [...new Set(everyone)].filter(
              (a) =>
                !team.has(a) && !byAddress.has(a) && !isIgnored(a, mailbox.ignore) && !isMachineAddress(a),
            )
          : [];
      const message: SuggestedMessage = {
        messageId: m.messageId,
        inReplyTo: m.inReplyTo,
        direction,
        occurredAt: m.date.toISOString(),
        subject: m.subject,
        snippet: m.snippet,
        signals,
      };
      for (const email of strangers) sightings.push({ email, name: m.names.get(email) ?? null, message });
      if (contactIds.length === 0) {
        if (strangers.length > 0) batch.suggested++;
        else skip(batch, 'noContact');
        continue;
      }
      items.push(emailTouch({ ...message, occurredAt: m.date }, contactIds));
    }
    const recorded = await recordTouches({ db: tx, workspaceId: ws, actorId: mailbox.userId, items });
    for (const r of recorded) batch[r.duplicate ? 'duplicates' : 'logged']++;
    await recordSightings({ db: tx, workspaceId: ws, userId: mailbox.userId, sightings });
    await saveProgress(
      tx,
      mailbox,
      options.folder,
      addCounts(options.base, addCounts(options.counts, batch)),
    );
    return batch;
  });
  Object.assign(options.counts, addCounts(options.counts, counted));
}

/** Writes a folder's checkpoint and the counts so far, with the batch they cover. */
async function saveProgress(db: Db, mailbox: MailboxRow, folder: FolderState, counts: SyncCounts) {
  const [row] = await db
    .select({ folderStates: mailboxes.folderStates })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, mailbox.workspaceId), eq(mailboxes.id, mailbox.id)))
    .for('update');
  const states = [...(row?.folderStates ?? []).filter((f) => f.name !== folder.name), folder];
  await db
    .update(mailboxes)
    .set({ folderStates: states, counts, updatedAt: new Date() })
    .where(and(eq(mailboxes.workspaceId, mailbox.workspaceId), eq(mailboxes.id, mailbox.id)));
}

/** Reads one folder from after its checkpoint (or, under a new UIDVALIDITY, the backfill window) in batches. */
async function syncFolder(options: {
  db: Db;
  client: ImapFlow;
  mailbox: MailboxRow;
  name: string;
  since: Date;
  team: TeamAddresses;
  own: Set<string>;
  counts: SyncCounts;
  base: SyncCounts;
  progress?: (p: Progress) => void;
}) {
  const { client, mailbox, name } = options;
  const lock = await client.getMailboxLock(name, { readOnly: true });
  try {
    const opened = client.mailbox;
    if (!opened) return;
    const uidValidity = String(opened.uidValidity);
    const known = mailbox.folderStates.find((f) => f.name === name);
    const state: FolderState =
      known && known.uidValidity === uidValidity ? { ...known } : { name, uidValidity, lastUid: 0 };
    const uids =
      state.lastUid > 0
        ? ((await client.search({ uid: `${state.lastUid + 1}:*` }, { uid: true })) || []).filter(
            (u) => u > state.lastUid,
          )
        : (await client.search({ since: options.since }, { uid: true })) || [];
    uids.sort((a, b) => a - b);
    for (let start = 0; start < uids.length; start += SYNC_BATCH) {
      const chunk = uids.slice(start, start + SYNC_BATCH);
      const messages: ParsedMessage[] = [];
      for await (const m of fetchHeads(client, chunk, FETCH_BYTES)) {
        options.counts.seen++;
        if (!m.source) {
          skip(options.counts, 'unreadable');
          continue;
        }
        // Only the first FETCH_BYTES came: a header longer than that lost its end (To, Cc, the signals).
        if (m.source.length >= FETCH_BYTES && !headerFits(m.source)) {
          skip(options.counts, 'headerTooLarge');
          continue;
        }
        try {
          const internalDate =
            m.internalDate instanceof Date ? m.internalDate : new Date(m.internalDate ?? Date.now());
          messages.push(
            await parseMessage({
              source: m.source,
              internalDate,
              fallbackId: `${uidValidity}.${m.uid}.${name}`,
            }),
          );
        } catch {
          skip(options.counts, 'unreadable');
        }
      }
      state.lastUid = chunk.at(-1) ?? state.lastUid;
      await logBatch({ ...options, messages, folder: state });
      options.progress?.({ processed: options.counts.seen });
    }
    if (uids.length === 0)
      await saveProgress(options.db, mailbox, state, addCounts(options.base, options.counts));
  } finally {
    lock.release();
  }
}

/** The mailbox's counts: those of earlier syncs plus this one's so far. */
function addCounts(a: SyncCounts, b: SyncCounts): SyncCounts {
  const sum: SyncCounts = {
    seen: a.seen + b.seen,
    logged: a.logged + b.logged,
    duplicates: a.duplicates + b.duplicates,
    suggested: a.suggested + b.suggested,
    skipped: a.skipped + b.skipped,
  };
  const reasons = { ...a.skipReasons };
  for (const [reason, n] of Object.entries(b.skipReasons ?? {}) as [SkipReason, number][])
    reasons[reason] = (reasons[reason] ?? 0) + n;
  return Object.keys(reasons).length > 0 ? { ...sum, skipReasons: reasons } : sum;
}

/**
 * Syncs a mailbox: each folder from where the last sync stopped (by UIDVALIDITY and UID), a first sync
 * from `backfillDays` back. Each batch commits with its checkpoint, so a sync killed at any point and run
 * again ends as one uninterrupted sync, and a message seen twice is logged once (by Message-ID). A
 * failure is recorded on the mailbox (status error, lastError) and thrown, so the job backs off.
 */
export async function syncMailbox(options: {
  db: Db;
  workspaceId: string;
  mailboxId: string;
  key: SealKey;
  backfillDays: number;
  now?: Date;
  progress?: (p: Progress) => void;
}): Promise<SyncCounts> {
  const where = and(eq(mailboxes.workspaceId, options.workspaceId), eq(mailboxes.id, options.mailboxId));
  const [mailbox] = await options.db.select().from(mailboxes).where(where);
  // Gone since the job was queued, or a mailbox that only sends: nothing to read.
  if (!mailbox?.imapHost) return emptyCounts();
  const counts = emptyCounts();
  await options.db.update(mailboxes).set({ status: 'syncing' }).where(where);
  const client = imapClient(mailbox, options.key);
  try {
    await client.connect();
    const team = await findTeamAddresses({ db: options.db, workspaceId: options.workspaceId });
    const [user] = await queryRows<{ email: string }>(
      options.db,
      sql`select lower(email) as email from users where workspace_id = ${options.workspaceId}::uuid and id = ${mailbox.userId}::uuid`,
    );
    const own = new Set([mailbox.address.toLowerCase(), ...(user ? [user.email] : [])]);
    const since = new Date((options.now ?? new Date()).getTime() - options.backfillDays * 86_400_000);
    for (const name of await foldersOf(client, mailbox)) {
      const [fresh] = await options.db.select().from(mailboxes).where(where);
      const base = mailbox.counts;
      await syncFolder({
        ...options,
        client,
        mailbox: fresh ?? mailbox,
        name,
        since,
        team,
        own,
        counts,
        base,
      });
    }
    await client.logout();
    await options.db
      .update(mailboxes)
      .set({
        status: 'idle',
        lastSyncAt: new Date(),
        lastError: null,
        counts: addCounts(mailbox.counts, counts),
        lastRun: counts,
      })
      .where(where);
    return counts;
  } catch (error) {
    client.close();
    const message = error instanceof Error ? error.message : String(error);
    await options.db.update(mailboxes).set({ status: 'error', lastError: message }).where(where);
    throw error;
  }
}
