import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { daysBetween, todayUtc } from '../../shared/dates.ts';
import { contacts } from '../contacts/schema.ts';
import { contactName } from './lookup.ts';
import { interactionContacts, type interactions, type nextSteps } from './schema.ts';
import type { ContactDueOutput, InteractionOutput, NextStepOutput } from './validators.ts';

type InteractionRow = typeof interactions.$inferSelect;
type NextStepRow = typeof nextSteps.$inferSelect;
type Participant = { id: string; name: string };

/** Picks the API fields of an interaction; participants are loaded separately in one batch. */
export function presentInteraction(row: InteractionRow, participants: Participant[]): InteractionOutput {
  return {
    id: row.id,
    kind: row.kind,
    direction: row.direction,
    occurredAt: row.occurredAt.toISOString(),
    summary: row.summary,
    body: row.body,
    source: row.source,
    externalId: row.externalId,
    contacts: participants,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Picks the API fields of a next step. */
export function presentNextStep(row: NextStepRow): NextStepOutput {
  return {
    id: row.id,
    contactId: row.contactId,
    action: row.action,
    dueAt: row.dueOn,
    done: row.doneAt !== null,
    doneAt: row.doneAt?.toISOString() ?? null,
    interactionId: row.interactionId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The participants of many interactions in one query, by interaction id, ordered by name. */
export async function loadParticipants(options: {
  db: Db;
  workspaceId: string;
  interactionIds: string[];
}): Promise<Map<string, Participant[]>> {
  const result = new Map<string, Participant[]>();
  if (options.interactionIds.length === 0) return result;
  const rows = await options.db
    .select({ interactionId: interactionContacts.interactionId, id: contacts.id, name: contactName })
    .from(interactionContacts)
    .innerJoin(
      contacts,
      and(
        eq(contacts.workspaceId, interactionContacts.workspaceId),
        eq(contacts.id, interactionContacts.contactId),
      ),
    )
    .where(
      and(
        eq(interactionContacts.workspaceId, options.workspaceId),
        inArray(interactionContacts.interactionId, options.interactionIds),
      ),
    )
    .orderBy(contactName, contacts.id);
  for (const row of rows) {
    const list = result.get(row.interactionId) ?? [];
    list.push({ id: row.id, name: row.name });
    result.set(row.interactionId, list);
  }
  return result;
}

/** Presents interactions with their participants, loading all participants in one query. */
export async function presentInteractions(options: {
  db: Db;
  workspaceId: string;
  rows: InteractionRow[];
}): Promise<InteractionOutput[]> {
  const participants = await loadParticipants({
    db: options.db,
    workspaceId: options.workspaceId,
    interactionIds: options.rows.map((r) => r.id),
  });
  return options.rows.map((row) => presentInteraction(row, participants.get(row.id) ?? []));
}

/** Reads the stored due state of contacts (after refreshDueState), in the order of `ids`. */
export async function readDueStates(options: {
  db: Db;
  workspaceId: string;
  ids: string[];
  today?: string;
}): Promise<ContactDueOutput[]> {
  if (options.ids.length === 0) return [];
  const today = options.today ?? todayUtc();
  const rows = await options.db
    .select({
      id: contacts.id,
      lastTouchAt: contacts.lastTouchAt,
      nextDueOn: contacts.nextDueOn,
      dueReason: contacts.dueReason,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, options.workspaceId), inArray(contacts.id, options.ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return options.ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id,
        lastTouchAt: row.lastTouchAt?.toISOString() ?? null,
        nextDueAt: row.nextDueOn,
        dueReason: row.dueReason,
        overdueDays: row.nextDueOn ? Math.max(0, daysBetween(row.nextDueOn, today)) : null,
      },
    ];
  });
}
