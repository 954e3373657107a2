import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { ATTEMPTS_OF_C } from './attempts.ts';

/** Which contacts to refresh: some ids, every contact of a tier, or the whole workspace. */
export type DueScope = { contactIds: string[] } | { tierId: string } | { all: true };

function scopeFilter(scope: DueScope): SQL {
  // One array parameter, however many ids: a batch of 10,000 touches is still one short statement.
  if ('contactIds' in scope) return sql`c.id = any(${sql.param(scope.contactIds)}::uuid[])`;
  if ('tierId' in scope) return sql`c.tier_id = ${scope.tierId}::uuid`;
  return sql`true`;
}

/**
 * Locks the contacts in scope against other writers of their due state until the transaction ends, in id
 * order so that two writers never wait for each other in a cycle. FOR NO KEY UPDATE conflicts with itself
 * and with an UPDATE of the row, but not with the key-share lock a foreign key takes, so inserting an
 * interaction or a next step for a locked contact does not wait.
 */
export async function lockContacts(options: {
  db: Db;
  workspaceId: string;
  scope: DueScope;
}): Promise<Set<string>> {
  if ('contactIds' in options.scope && options.scope.contactIds.length === 0) return new Set();
  const locked = await queryRows<{ id: string }>(
    options.db,
    sql`select c.id from contacts c
        where c.workspace_id = ${options.workspaceId}::uuid and ${scopeFilter(options.scope)}
        order by c.id for no key update`,
  );
  return new Set(locked.map((r) => r.id));
}

/**
 * The rules, over a relation `src` of one row per contact with its inputs (workspace_id, id, last_touch_at,
 * next_step_on, interval_days, is_newsletter, created_at, snoozed_until, is_excluded): `src` with
 * next_due_on and due_reason added. Read as `due`, with TODAY_ON and IS_ORPHAN beside it. Shared by
 * refreshDueState and insertNewContacts (contacts/insert-new.ts), which writes a new contact's due state
 * in its INSERT.
 */
export const DUE_FROM_SRC = sql`
  select src.*,
    case
      when next_step_on is not null then next_step_on
      when is_newsletter or interval_days is null then null
      when last_touch_at is null then (created_at at time zone 'UTC')::date
      else (last_touch_at at time zone 'UTC')::date + interval_days
    end as next_due_on,
    case
      when next_step_on is not null then 'next_step'
      when is_newsletter or interval_days is null then null
      when last_touch_at is null then 'never_contacted'
      else 'cadence'
    end as due_reason
  from src`;

/** The first day on Today, over `due`: none for an excluded contact or one with no due date. */
export const TODAY_ON = sql`case when due.is_excluded or due.next_due_on is null then null
  else greatest(due.next_due_on, due.snoozed_until) end`;

/** No plan, over `due`: no due date, yet neither excluded nor reached by newsletters. */
export const IS_ORPHAN = sql`(due.next_due_on is null and not due.is_newsletter and not due.is_excluded)`;

/**
 * Recomputes the stored due state of the contacts in scope, in one UPDATE statement.
 * This is the only writer of last_touch_at, next_step_on, next_due_on, due_reason, today_on, is_orphan and
 * attempts (besides the stage trigger zeroing attempts), so the rules below live in one place
 * (docs/due-engine.md explains them):
 *
 * - last touch   = the latest interaction other than a note (an older one never moves it back);
 * - next step on = the earliest open next step;
 * - next due on  = next step on, else last touch + interval (the contact's override, else its tier's),
 *                  else the creation date for a contact never touched; none for a newsletter tier or
 *                  when there is no interval;
 * - today on     = greatest(next due on, snoozed until), none for do-not-contact or archived contacts;
 * - orphan       = no next due date, yet not archived, not do-not-contact and not reached by newsletters.
 * - attempts     = outbound touches and attempts since the last inbound touch or since the contact became an
 *                  open lead (attempts.ts).
 *
 * Call it inside the transaction of every write that changes an input: a touch, a next step,
 * a change of tier, interval, snooze, do-not-contact or archive.
 *
 * Correct under concurrent writers (docs/due-engine.md, "Concurrent writers"): it first locks the contacts
 * (lockContacts), and only then, in a statement of its own, reads their inputs. Under READ COMMITTED each
 * statement sees what was committed when it began, so once the lock is held every earlier writer of these
 * contacts has committed and is seen, and every later one is still to take the lock and refresh after us.
 * Reading in the same statement as the lock would not do: its snapshot is taken before the wait.
 */
export async function refreshDueState(options: {
  db: Db;
  workspaceId: string;
  scope: DueScope;
}): Promise<void> {
  if ('contactIds' in options.scope && options.scope.contactIds.length === 0) return;
  await lockContacts(options);
  // `materialized`: inlined, every CASE below that reads last_touch_at or next_step_on would run its
  // subquery again for each contact.
  await options.db.execute(sql`
    with src as materialized (
      select c.workspace_id, c.id,
        (select max(ic.occurred_at) from interaction_contacts ic
          where ic.workspace_id = c.workspace_id and ic.contact_id = c.id and ic.is_touch) as last_touch_at,
        (select min(s.due_on) from next_steps s
          where s.workspace_id = c.workspace_id and s.contact_id = c.id and s.done_at is null) as next_step_on,
        coalesce(c.interval_days, t.interval_days) as interval_days,
        coalesce(t.channel = 'newsletter', false) as is_newsletter,
        c.created_at, c.snoozed_until, (c.archived or c.do_not_contact) as is_excluded,
        ${ATTEMPTS_OF_C} as attempts
      from contacts c
      left join tiers t on t.workspace_id = c.workspace_id and t.id = c.tier_id
      where c.workspace_id = ${options.workspaceId}::uuid and ${scopeFilter(options.scope)}
    ),
    due as (${DUE_FROM_SRC})
    update contacts c set
      last_touch_at = due.last_touch_at,
      next_step_on = due.next_step_on,
      next_due_on = due.next_due_on,
      due_reason = due.due_reason,
      today_on = ${TODAY_ON},
      is_orphan = ${IS_ORPHAN},
      attempts = due.attempts
    from due
    where c.workspace_id = due.workspace_id and c.id = due.id
  `);
}
