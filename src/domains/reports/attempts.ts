import { type SQL, sql } from 'drizzle-orm';

/** The stages of an open lead: not yet a customer, not lost or dormant. */
export const OPEN_STAGES = ['lead', 'qualified', 'opportunity'] as const;
/** The number of attempts persistence aims for. */
export const GOAL = 5;

/**
 * One open lead's attempts, as a scalar SQL expression: its outbound touches and attempts (a call that did
 * not connect counts) since its last inbound answer, or since it became an open lead (`addedAt`: contacts'
 * lead_since, else its creation). The one definition the contact
 * page, Today's rows and the persistence report count with. It reads the contact's touches newest first up to
 * its last answer (interaction_contacts_touch_idx), then its timeline since then, so a long history costs
 * nothing once the contact has answered.
 */
export function attemptCount(options: { workspaceId: SQL; contactId: SQL; addedAt: SQL }): SQL {
  const { workspaceId: ws, contactId, addedAt } = options;
  return sql`(select count(*)::int from interaction_contacts ic
    join interactions i on i.workspace_id = ic.workspace_id and i.id = ic.interaction_id
    where ic.workspace_id = ${ws} and ic.contact_id = ${contactId}
      and i.direction = 'out' and i.touch_class in ('touch', 'attempt')
      and ic.occurred_at > greatest(${addedAt}, (
        select ia.occurred_at from interaction_contacts ia
        join interactions ii on ii.workspace_id = ia.workspace_id and ii.id = ia.interaction_id
        where ia.workspace_id = ${ws} and ia.contact_id = ${contactId} and ia.is_touch and ii.direction = 'in'
        order by ia.occurred_at desc limit 1)))`;
}

/** The attempt count when the contact (aliased `alias`) is an open lead, else null. */
export function leadAttemptCount(options: { workspaceId: SQL; alias: string }): SQL {
  const c = sql.raw(options.alias);
  const open = sql.raw(OPEN_STAGES.map((stage) => `'${stage}'`).join(', '));
  return sql`case when ${c}.stage in (${open}) then ${attemptCount({
    workspaceId: options.workspaceId,
    contactId: sql`${c}.id`,
    addedAt: sql`coalesce(${c}.lead_since, ${c}.created_at)`,
  })} end`;
}
