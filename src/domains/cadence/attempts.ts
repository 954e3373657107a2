import { type SQL, sql } from 'drizzle-orm';

/** The stages of an open lead: not yet a customer, not lost or dormant. */
export const OPEN_STAGES = ['lead', 'qualified', 'opportunity'] as const;
/** The number of attempts persistence aims for. */
export const GOAL = 5;

const OPEN_STAGES_SQL = sql.raw(OPEN_STAGES.map((stage) => `'${stage}'`).join(', '));

/**
 * A contact's attempts, over a contacts row aliased `c`: its outbound touches and attempts (a call that did
 * not connect counts) since its last inbound answer, or since it became an open lead (lead_since, kept by a
 * trigger on stage, else its creation). refreshDueState stores it in contacts.attempts with the rest of the
 * due state, under the same lock, so the contact page, Today and the persistence report read one number.
 */
export const ATTEMPTS_OF_C = sql`(select count(*)::int from interaction_contacts ic
    join interactions i on i.workspace_id = ic.workspace_id and i.id = ic.interaction_id
    where ic.workspace_id = c.workspace_id and ic.contact_id = c.id
      and i.direction = 'out' and i.touch_class in ('touch', 'attempt')
      and ic.occurred_at > greatest(coalesce(c.lead_since, c.created_at), (
        select max(ia.occurred_at) from interaction_contacts ia
        join interactions ii on ii.workspace_id = ia.workspace_id and ii.id = ia.interaction_id
        where ia.workspace_id = c.workspace_id and ia.contact_id = c.id and ia.is_touch
          and ii.direction = 'in')))`;

/** The stored attempt count of the contact aliased `alias` when it is an open lead, else null. */
export function openLeadAttempts(alias: string): SQL {
  const c = sql.raw(alias);
  return sql`case when ${c}.stage in (${OPEN_STAGES_SQL}) then ${c}.attempts end`;
}
