import type { Db } from '../../db/client.ts';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { buildFact } from '../facts/factories.ts';
import { buildInteraction } from '../interactions/factories.ts';
import type { InteractionKind } from '../interactions/schema.ts';
import { nextSteps } from '../interactions/schema.ts';
import { refreshDueState } from './due-state.ts';

/** Test helpers that write the due engine's inputs directly and refresh the stored state. */
export function dueFixtures(db: Db, workspaceId: string) {
  const refresh = (contactId: string) =>
    refreshDueState({ db, workspaceId, scope: { contactIds: [contactId] } });
  return {
    /** Logs an interaction `daysAgo` days ago (fractional days allowed) and returns when. */
    async touch(
      contactId: string,
      daysAgo: number,
      kind: InteractionKind = 'call',
      summary = 'Spoke about the renewal',
    ) {
      const at = new Date(Date.now() - daysAgo * 86_400_000);
      await buildInteraction(db, workspaceId, { contactIds: [contactId], kind, occurredAt: at, summary });
      return at;
    },
    /** Adds an open next step due `inDays` from today (negative = in the past). */
    async step(contactId: string, inDays: number, action = 'Send the proposal') {
      const [row] = await db
        .insert(nextSteps)
        .values({ workspaceId, contactId, action, dueOn: addDays(todayUtc(), inDays) })
        .returning();
      await refresh(contactId);
      return row!;
    },
    async fact(contactId: string, text: string, remindInDays?: number) {
      await buildFact(db, workspaceId, {
        contactId,
        text,
        remindOn: remindInDays === undefined ? null : addDays(todayUtc(), remindInDays),
      });
    },
    refresh,
  };
}
