import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { releaseHeldEmails } from '../outbox/held.ts';

/** Kinds that, logged inbound with a contact, mean the contact answered. */
const ANSWERS = ['email', 'call', 'meeting'];

/**
 * Why an enrolment must stop now, or null: the contact answered (an inbound email, call or meeting since it
 * was enrolled; an auto-reply or bulk mail does not count), asked not to be contacted, bounced or
 * unsubscribed, moved to customer, lost or dormant, or (when the sequence asks) someone at its company
 * answered. Checked before every step and again right before each email goes out.
 */
export async function stopReasonOf(options: {
  db: Db;
  workspaceId: string;
  enrollmentId: string;
}): Promise<string | null> {
  const [row] = await queryRows<{ reason: string | null }>(
    options.db,
    sql`select case
          when c.do_not_contact then 'marked do not contact'
          when c.stage in ('customer', 'lost', 'dormant') then 'became ' || c.stage
          when exists (select 1 from suppressions s join contact_emails ce on ce.workspace_id = s.workspace_id
              and lower(ce.email) = s.email where s.workspace_id = e.workspace_id and ce.contact_id = c.id)
            then 'bounced or unsubscribed'
          when exists (${answeredSince(sql`c.id`)}) then 'replied'
          when 'company_reply' = any(q.stop_on) and c.company_id is not null and exists (
              select 1 from contacts c2 where c2.workspace_id = c.workspace_id and c2.company_id = c.company_id
                and c2.id <> c.id and exists (${answeredSince(sql`c2.id`)}))
            then 'someone at the company replied'
          end as reason
        from sequence_enrollments e
        join contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id
        join sequences q on q.workspace_id = e.workspace_id and q.id = e.sequence_id
        where e.workspace_id = ${options.workspaceId}::uuid and e.id = ${options.enrollmentId}::uuid`,
  );
  return row?.reason ?? null;
}

/** An inbound answer from this contact since the enrolment (`e`) began. */
function answeredSince(contactId: ReturnType<typeof sql>) {
  return sql`select 1 from interaction_contacts ic join interactions i on i.workspace_id = ic.workspace_id
      and i.id = ic.interaction_id
    where ic.workspace_id = e.workspace_id and ic.contact_id = ${contactId} and ic.occurred_at >= e.enrolled_at
      and i.direction = 'in' and i.touch_class = 'touch' and i.kind = any(${sql.param(ANSWERS)}::text[])`;
}

/**
 * Stops, at once, the live enrolments of contacts who just answered (recordTouches calls this for inbound
 * emails, calls and meetings that are touches), and those of their colleagues in sequences that stop on a
 * company reply. The next step and any email still queued or held then see it.
 */
export async function stopOnAnswers(options: { db: Db; workspaceId: string; contactIds: string[] }) {
  if (options.contactIds.length === 0) return;
  const ws = sql`${options.workspaceId}::uuid`;
  const ids = sql`${sql.param(options.contactIds)}::uuid[]`;
  const stopped = await queryRows<{ id: string }>(
    options.db,
    sql`
    update sequence_enrollments e set status = 'stopped', updated_at = now(), stopped_at = now(),
      stop_reason = case when e.contact_id = any(${ids}) then 'replied' else 'someone at the company replied' end
    where e.workspace_id = ${ws} and e.status in ('active', 'paused')
      and (e.contact_id = any(${ids})
        or (exists (select 1 from sequences q where q.workspace_id = e.workspace_id and q.id = e.sequence_id
              and 'company_reply' = any(q.stop_on))
          and e.contact_id in (select c2.id from contacts c1 join contacts c2 on c2.workspace_id = c1.workspace_id
              and c2.company_id = c1.company_id where c1.workspace_id = ${ws} and c1.id = any(${ids}))))
    returning e.id`,
  );
  await releaseHeldEmails({ ...options, enrollmentIds: stopped.map((e) => e.id) });
}
