import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { SuggestedMessage } from './schema.ts';

/** Someone seen on a message who is not a contact, and the message. */
export type Sighting = { email: string; name: string | null; message: SuggestedMessage };

/** How many advisory locks a workspace's addresses are spread over (a power of two). */
const ADDRESS_BUCKETS = 64;

/**
 * Locks addresses of a workspace until the transaction ends, so that deciding whether an address is a contact
 * and accepting its suggestion happen one after the other. A sync batch takes the addresses it reads shared,
 * before it reads which are contacts, and keeps them until it commits its sightings; accepting a suggestion
 * takes its address exclusive, before it reads the sightings to log. So either the accept sees the batch's
 * sightings and logs them, or the batch sees the new contact and logs its mail with them: never a sighting
 * recorded against an address that became a contact meanwhile, whose mail nobody would log. Batches do not
 * wait for each other. Advisory locks, because the rows to lock (a suggestion, a contact) may not exist yet.
 */
export async function lockAddresses(options: {
  db: Db;
  workspaceId: string;
  emails: string[];
  exclusive?: boolean;
}): Promise<void> {
  if (options.emails.length === 0) return;
  const lock = options.exclusive ? sql`pg_advisory_xact_lock(w, k)` : sql`pg_advisory_xact_lock_shared(w, k)`;
  // A lock per bucket of addresses, not per address: a batch holds at most ADDRESS_BUCKETS of them, however
  // many people its mail names (the lock table is shared and sized per connection), and an accept waits at
  // worst for a batch with another address in its bucket. In key order, so that no two wait in a cycle.
  await options.db.execute(sql`
    select ${lock} from (
      select distinct hashtext(${options.workspaceId}::text) as w,
        hashtext(lower(e)) & ${ADDRESS_BUCKETS - 1}::int as k
      from unnest(${sql.param(options.emails)}::text[]) as e order by k
    ) keys`);
}

/**
 * Records who a user corresponds with that is not a contact yet: one suggestion per address (its counts by
 * direction and when it was last seen, the name it last had), and the messages it was seen in, so that
 * accepting it logs them. A message seen again (another folder, a re-sync) counts once. Ignored and accepted
 * suggestions keep counting but stay out of the inbox.
 */
export async function recordSightings(options: {
  db: Db;
  workspaceId: string;
  userId: string;
  sightings: Sighting[];
}): Promise<void> {
  const { db, sightings } = options;
  if (sightings.length === 0) return;
  const ws = sql`${options.workspaceId}::uuid`;
  const user = sql`${options.userId}::uuid`;
  const col = <T>(pick: (s: Sighting) => T) => sql.param(sightings.map(pick));
  const seen = sql`unnest(${col((s) => s.email)}::text[], ${col((s) => s.name)}::text[],
    ${col((s) => s.message.messageId)}::text[], ${col((s) => s.message.occurredAt)}::timestamptz[],
    ${col((s) => JSON.stringify(s.message))}::jsonb[]) as u(email, name, message_id, occurred_at, message)`;
  const upserted = await queryRows<{ id: string; email: string }>(
    db,
    sql`insert into suggested_contacts (workspace_id, user_id, email, name, last_seen_at)
        select distinct on (email) ${ws}, ${user}, email, name, occurred_at from ${seen}
        order by email, occurred_at desc
        on conflict (workspace_id, user_id, email) do update
          set name = coalesce(excluded.name, suggested_contacts.name), updated_at = now()
        returning id, email`,
  );
  // Only messages not recorded before count, so a message read again is not counted twice.
  await db.execute(sql`
    with ids as (
      select * from unnest(${sql.param(upserted.map((u) => u.id))}::uuid[],
        ${sql.param(upserted.map((u) => u.email))}::text[]) as i(id, email)
    ),
    added as (
      insert into suggested_messages (workspace_id, suggestion_id, message_id, message)
      select distinct on (ids.id, u.message_id) ${ws}, ids.id, u.message_id, u.message
      from ${seen} join ids on ids.email = u.email
      on conflict do nothing
      returning suggestion_id, message
    )
    update suggested_contacts s set
      inbound_count = s.inbound_count + a.inbound,
      outbound_count = s.outbound_count + a.outbound,
      last_seen_at = greatest(s.last_seen_at, a.last_seen)
    from (
      select suggestion_id,
        count(*) filter (where message->>'direction' = 'in')::int as inbound,
        count(*) filter (where message->>'direction' = 'out')::int as outbound,
        max((message->>'occurredAt')::timestamptz) as last_seen
      from added group by suggestion_id
    ) a
    where s.workspace_id = ${ws} and s.id = a.suggestion_id`);
}
