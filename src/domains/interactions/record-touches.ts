import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { stopOnAnswers } from '../sequences/stop-rules.ts';
import {
  type CallOutcome,
  type Direction,
  type InteractionKind,
  type interactions,
  nextSteps,
  type Source,
  type TouchClass,
} from './schema.ts';
import { auditRecorded, findDuplicates, loadInteractions } from './touch-results.ts';
import { classifyTouch, resetsCadence, type TouchSignals } from './touch-rule.ts';

export type InteractionRow = typeof interactions.$inferSelect;
export type NextStepRow = typeof nextSteps.$inferSelect;

/** One interaction to record: what happened, with whom, and what it says about itself. */
export type TouchItem = {
  kind: InteractionKind;
  direction: Direction;
  occurredAt: Date;
  summary: string;
  body?: string | null;
  source: Source;
  /** The id in the system it came from (a Message-ID, a calendar UID); the same one twice is recorded once. */
  externalId?: string | null;
  /** An email's Message-ID: the same email from any source (sync, dropbox, a send) is recorded once. */
  messageId?: string | null;
  /** The Message-ID this email answers: it is a reply. */
  inReplyTo?: string | null;
  contactIds: string[];
  /** One open next step per contact, linked to the interaction. */
  nextStep?: { action: string; dueOn: string } | null;
  signals?: TouchSignals;
  /** How a call went (an attempt unless `connected`), and how long it took. */
  outcome?: CallOutcome | null;
  durationMinutes?: number | null;
  /** Open next steps this touch must leave open, though they are due by its day. */
  keepOpenStepIds?: string[];
  /** A private note (only notes can be private). */
  isPrivate?: boolean;
};

/** What became of one item: its interaction (the earlier one when it was a duplicate) and what it changed. */
export type RecordedTouch = {
  interaction: InteractionRow;
  contactIds: string[];
  duplicate: boolean;
  nextSteps: NextStepRow[];
  completedStepIds: string[];
};

/** Kinds that, inbound, are an answer: they stop the contact's sequence. */
const ANSWERS = new Set<InteractionKind>(['email', 'call', 'meeting']);

/** A row of the interactions statement below, as the driver returns it. */
type Inserted = { id: string };

/**
 * THE way interactions are written: logging one through the API, an import, mailbox sync, the dropbox,
 * calendar import and sequences all record their items here, so none of them can forget the due state. For
 * a batch, in a handful of statements whatever its size:
 *
 * 1. lock the contacts (in id order; they must exist, else not_found naming `field`);
 * 2. classify each item (touch-rule.ts) and insert the interactions, skipping any (source, externalId) or
 *    email Message-ID recorded before or earlier in the batch: those come back as `duplicate` with the
 *    stored interaction, which gains any of the item's contacts it did not have;
 * 3. link them to their contacts, `is_touch` when their class resets the cadence;
 * 4. complete the open next steps due by an outbound touch's day (the follow-up happened), and stop the
 *    sequences of contacts who answered (an inbound email, call or meeting that is a touch);
 * 5. add the items' next steps;
 * 6. refresh the due state of every contact once, and write one audit entry (per interaction for a single
 *    item, one for the batch otherwise).
 *
 * Search text does not depend on interactions, so it is not refreshed here.
 */
export async function recordTouches(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  items: TouchItem[];
  now?: Date;
  /** The input field that named the contacts, for a not_found. */
  field?: string;
}): Promise<RecordedTouch[]> {
  const { db, workspaceId, items } = options;
  if (items.length === 0) return [];
  const now = options.now ?? new Date();
  const ws = sql`${workspaceId}::uuid`;
  const contactIds = [...new Set(items.flatMap((i) => i.contactIds))].sort();
  await assertContactsLocked({ db, workspaceId, contactIds, field: options.field ?? 'body.contactIds' });

  const planned = items.map((item) => {
    const touchClass: TouchClass = classifyTouch(item);
    return { item, id: randomUUID(), touchClass, day: item.occurredAt.toISOString().slice(0, 10) };
  });
  const column = <T>(pick: (p: (typeof planned)[number]) => T) => sql.param(planned.map(pick));
  const inserted = await queryRows<Inserted>(
    db,
    sql`insert into interactions (workspace_id, id, kind, direction, occurred_at, summary, body, source,
          external_id, message_id, in_reply_to, touch_class, outcome, duration_minutes, is_private, created_by)
        select ${ws}, u.id, u.kind, u.direction, u.occurred_at, u.summary, u.body, u.source, u.external_id,
          u.message_id, u.in_reply_to, u.touch_class, u.outcome, u.duration_minutes, u.is_private,
          ${options.actorId}::uuid
        from unnest(${column((p) => p.id)}::uuid[], ${column((p) => p.item.kind)}::text[],
          ${column((p) => p.item.direction)}::text[], ${column((p) => p.item.occurredAt.toISOString())}::timestamptz[],
          ${column((p) => p.item.summary)}::text[], ${column((p) => p.item.body ?? null)}::text[],
          ${column((p) => p.item.source)}::text[], ${column((p) => p.item.externalId ?? null)}::text[],
          ${column((p) => p.item.messageId ?? null)}::text[], ${column((p) => p.item.inReplyTo ?? null)}::text[],
          ${column((p) => p.touchClass)}::text[], ${column((p) => p.item.outcome ?? null)}::text[],
          ${column((p) => p.item.durationMinutes ?? null)}::int[], ${column((p) => p.item.isPrivate ?? false)}::boolean[])
          as u(id, kind, direction, occurred_at, summary, body, source, external_id, message_id, in_reply_to,
            touch_class, outcome, duration_minutes, is_private)
        on conflict do nothing
        returning id`,
  );
  const isNew = new Set(inserted.map((r) => r.id));
  const fresh = planned.filter((p) => isNew.has(p.id));

  const links = fresh.flatMap((p) => p.item.contactIds.map((contactId) => ({ p, contactId })));
  await db.execute(sql`
    insert into interaction_contacts (workspace_id, interaction_id, contact_id, occurred_at, is_touch)
    select ${ws}, u.interaction_id, u.contact_id, u.occurred_at, u.is_touch
    from unnest(${sql.param(links.map((l) => l.p.id))}::uuid[], ${sql.param(links.map((l) => l.contactId))}::uuid[],
      ${sql.param(links.map((l) => l.p.item.occurredAt.toISOString()))}::timestamptz[],
      ${sql.param(links.map((l) => resetsCadence(l.p.touchClass)))}::boolean[])
      as u(interaction_id, contact_id, occurred_at, is_touch)`);

  const completed = await completeDueSteps({ db, workspaceId, now, links });
  // A contact who answered leaves their sequence now, before its next step or queued email.
  const answered = links.filter(
    (l) => l.p.item.direction === 'in' && l.p.touchClass === 'touch' && ANSWERS.has(l.p.item.kind),
  );
  await stopOnAnswers({ db, workspaceId, contactIds: [...new Set(answered.map((l) => l.contactId))] });
  const created = await addNextSteps({ db, workspaceId, actorId: options.actorId, fresh });
  const duplicates = await findDuplicates({
    db,
    workspaceId,
    planned: planned.filter((p) => !isNew.has(p.id)),
  });
  await refreshDueState({ db, workspaceId, scope: { contactIds } });

  const results = new Map<string, RecordedTouch>();
  const rows = await loadInteractions({ db, workspaceId, ids: inserted.map((r) => r.id) });
  for (const p of fresh) {
    const stepsDone = completed.filter((s) => p.item.contactIds.includes(s.contactId) && s.dueOn <= p.day);
    results.set(p.id, {
      interaction: rows.get(p.id)!,
      contactIds: p.item.contactIds,
      duplicate: false,
      nextSteps: created.filter((s) => s.interactionId === p.id),
      completedStepIds: stepsDone.map((s) => s.id),
    });
  }
  await auditRecorded({ db, workspaceId, actorId: options.actorId, recorded: [...results.values()] });
  return planned.map((p) => results.get(p.id) ?? duplicates.get(p.id)!);
}

/** Locks the contacts (lockContacts) and refuses ids that are not contacts of the workspace. */
async function assertContactsLocked(options: {
  db: Db;
  workspaceId: string;
  contactIds: string[];
  field: string;
}) {
  const locked = await lockContacts({ ...options, scope: { contactIds: options.contactIds } });
  const missing = options.contactIds.filter((id) => !locked.has(id));
  if (missing.length > 0) throw notFound('Contact', missing, options.field);
}

/**
 * Completes the open next steps that an outbound touch made happen: for each contact, those due on or
 * before the day of its latest outbound touch in the batch, but the ones an item asked to keep open. Steps
 * due later stay open. Each completed step records the interaction that completed it (completed_by), so an
 * undo of that interaction reopens it.
 */
async function completeDueSteps(options: {
  db: Db;
  workspaceId: string;
  now: Date;
  links: { p: { id: string; touchClass: TouchClass; day: string; item: TouchItem }; contactId: string }[];
}): Promise<{ id: string; contactId: string; dueOn: string }[]> {
  const latest = new Map<string, { day: string; interactionId: string }>();
  const keep = options.links.flatMap(({ p }) => p.item.keepOpenStepIds ?? []);
  for (const { p, contactId } of options.links) {
    if (!resetsCadence(p.touchClass) || p.item.direction !== 'out') continue;
    const seen = latest.get(contactId);
    if (!seen || seen.day < p.day) latest.set(contactId, { day: p.day, interactionId: p.id });
  }
  if (latest.size === 0) return [];
  const by = [...latest.values()];
  return queryRows(
    options.db,
    sql`update next_steps s set done_at = ${options.now.toISOString()}::timestamptz,
          updated_at = ${options.now.toISOString()}::timestamptz, completed_by = u.interaction_id
        from unnest(${sql.param([...latest.keys()])}::uuid[], ${sql.param(by.map((b) => b.day))}::date[],
          ${sql.param(by.map((b) => b.interactionId))}::uuid[]) as u(contact_id, day, interaction_id)
        where s.workspace_id = ${options.workspaceId}::uuid and s.contact_id = u.contact_id
          and s.done_at is null and s.due_on <= u.day and s.id <> all(${sql.param(keep)}::uuid[])
        returning s.id, s.contact_id as "contactId", s.due_on::text as "dueOn"`,
  );
}

/** Adds one open next step per contact for each item that plans one, linked to its interaction. */
async function addNextSteps(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  fresh: { id: string; item: TouchItem }[];
}): Promise<NextStepRow[]> {
  const steps = options.fresh.flatMap(({ id, item }) =>
    item.nextStep ? item.contactIds.map((contactId) => ({ id, contactId, plan: item.nextStep! })) : [],
  );
  if (steps.length === 0) return [];
  const param = <T>(pick: (s: (typeof steps)[number]) => T) => sql.param(steps.map(pick));
  const added = await queryRows<{ id: string }>(
    options.db,
    sql`insert into next_steps (workspace_id, contact_id, action, due_on, interaction_id, created_by)
        select ${options.workspaceId}::uuid, u.contact_id, u.action, u.due_on, u.interaction_id,
          ${options.actorId}::uuid
        from unnest(${param((s) => s.contactId)}::uuid[], ${param((s) => s.plan.action)}::text[],
          ${param((s) => s.plan.dueOn)}::date[], ${param((s) => s.id)}::uuid[])
          as u(contact_id, action, due_on, interaction_id)
        returning id`,
  );
  return options.db
    .select()
    .from(nextSteps)
    .where(
      and(
        eq(nextSteps.workspaceId, options.workspaceId),
        inArray(
          nextSteps.id,
          added.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(nextSteps.dueOn), asc(nextSteps.contactId));
}
