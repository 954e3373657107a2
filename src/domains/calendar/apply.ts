import type { Db } from '../../db/client.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { recordTouches, type TouchItem } from '../interactions/record-touches.ts';
import { type StepPlan, syncEventSteps } from './event-steps.ts';
import { matchContactsByEmail } from './match.ts';
import { type Occurrence, parseCalendar } from './parse.ts';

/** What applying a calendar did, occurrence by occurrence: each counts in exactly one of the last four. */
export type CalendarCounts = {
  events: number;
  logged: number;
  nextSteps: number;
  duplicates: number;
  skipped: number;
};

/** The next step's text for a meeting to come. */
export const meetingAction = (summary: string) => `Meeting: ${summary}`.slice(0, 500);

/**
 * Applies an iCalendar text to the workspace, in the caller's transaction (an upload or a subscription's
 * refresh). Each occurrence is matched to contacts by its organizer's and attendees' addresses, without the
 * workspace's users; one with no contact is skipped, and no contact is created. A past occurrence becomes a
 * `meeting` interaction through recordTouches (source `calendar`, externalId UID plus RECURRENCE-ID, so a
 * re-import records nothing twice); a series' next occurrence becomes an open next step on its day, which
 * moves when the event moves and goes when it is cancelled (event-steps.ts). Cancelled occurrences are skipped.
 */
export async function applyCalendar(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  text: string;
  now?: Date;
  /**
   * Events this calendar planned steps for before (a subscription's last refresh): one no longer in it was
   * deleted, so its open steps go as a cancelled event's do. An upload leaves this out: a file may hold only
   * part of a calendar.
   */
  plannedBefore?: string[];
}): Promise<CalendarCounts & { plannedUids: string[] }> {
  const { db, workspaceId, actorId } = options;
  const now = options.now ?? new Date();
  const occurrences = parseCalendar(options.text, now);
  const owners = await matchContactsByEmail({
    db,
    workspaceId,
    emails: occurrences.flatMap((o) => o.emails),
  });
  const contactsOf = (o: Occurrence) => [
    ...new Set(o.emails.flatMap((e) => (owners.has(e) ? [owners.get(e)!] : []))),
  ];
  const counts: CalendarCounts = {
    events: occurrences.length,
    logged: 0,
    nextSteps: 0,
    duplicates: 0,
    skipped: 0,
  };
  const items: TouchItem[] = [];
  const plans = new Map<string, StepPlan>();
  for (const o of occurrences) {
    const contactIds = contactsOf(o);
    if (contactIds.length === 0 || o.isCancelled) {
      counts.skipped++;
    } else if (o.isPast) {
      items.push(touchOf(o, contactIds));
    } else if (!plans.has(o.uid)) {
      plans.set(o.uid, { uid: o.uid, day: o.day, action: meetingAction(o.summary), contactIds });
    } else {
      counts.skipped++;
    }
  }
  // Lock every contact this can change first, in one statement, so two writers never wait in a cycle.
  const uids = [...new Set([...occurrences.map((o) => o.uid), ...(options.plannedBefore ?? [])])];
  await lockContacts({ db, workspaceId, scope: { contactIds: [...new Set(owners.values())].sort() } });
  const recorded = await recordTouches({ db, workspaceId, actorId, items, now, field: 'body.file' });
  for (const r of recorded) {
    if (r.duplicate) counts.duplicates++;
    else counts.logged++;
  }
  const steps = await syncEventSteps({ db, workspaceId, actorId, uids, plans: [...plans.values()] });
  for (const uid of plans.keys()) {
    if (steps.changedUids.has(uid)) counts.nextSteps++;
    else counts.duplicates++;
  }
  await refreshDueState({ db, workspaceId, scope: { contactIds: steps.contactIds } });
  return { ...counts, plannedUids: [...plans.keys()] };
}

/** A past occurrence as the meeting it was. */
function touchOf(o: Occurrence, contactIds: string[]): TouchItem {
  return {
    kind: 'meeting',
    direction: 'out',
    occurredAt: o.start,
    summary: o.summary.slice(0, 500),
    source: 'calendar',
    externalId: o.externalId,
    contactIds,
    durationMinutes: o.durationMinutes,
  };
}
