import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { recordAudits } from '../audit/record-audit.ts';

/** The next step an event's UID asks for: its next occurrence that takes place, with its contacts. */
export type StepPlan = { uid: string; day: string; action: string; contactIds: string[] };

type OpenStep = { id: string; contactId: string; externalId: string; dueOn: string; action: string };

/**
 * Makes the open next steps of these event UIDs what the calendar says: one per contact on the day of the
 * series' next occurrence ("Meeting: <summary>"), moved when the event moved, and removed when it has none
 * (cancelled, or no longer in the future) or the contact is no longer on it. Steps are found by their
 * external_id, the UID. The caller has locked the contacts and refreshes their due state. Returns, per UID,
 * whether anything changed, and the contacts whose steps it touched.
 */
export async function syncEventSteps(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  uids: string[];
  plans: StepPlan[];
}): Promise<{ changedUids: Set<string>; contactIds: string[] }> {
  const { db, workspaceId, actorId } = options;
  const changedUids = new Set<string>();
  if (options.uids.length === 0) return { changedUids, contactIds: [] };
  const open = await queryRows<OpenStep>(
    db,
    sql`select id, contact_id as "contactId", external_id as "externalId", due_on::text as "dueOn", action
        from next_steps
        where workspace_id = ${workspaceId}::uuid and done_at is null
          and external_id = any(${sql.param(options.uids)}::text[])`,
  );
  const byKey = new Map(open.map((s) => [`${s.externalId} ${s.contactId}`, s]));
  const plans = new Map(options.plans.map((p) => [p.uid, p]));
  const inserts: { contactId: string; plan: StepPlan }[] = [];
  const updates: { step: OpenStep; plan: StepPlan }[] = [];
  for (const plan of plans.values()) {
    for (const contactId of plan.contactIds) {
      const step = byKey.get(`${plan.uid} ${contactId}`);
      byKey.delete(`${plan.uid} ${contactId}`);
      if (!step) inserts.push({ contactId, plan });
      else if (step.dueOn !== plan.day || step.action !== plan.action) updates.push({ step, plan });
    }
  }
  const deletes = [...byKey.values()];
  for (const { plan } of [...inserts, ...updates]) changedUids.add(plan.uid);
  for (const step of deletes) changedUids.add(step.externalId);

  const now = new Date().toISOString();
  const inserted =
    inserts.length === 0
      ? []
      : await queryRows<{ id: string; contactId: string; externalId: string }>(
          db,
          sql`insert into next_steps (workspace_id, contact_id, action, due_on, external_id, created_by)
              select ${workspaceId}::uuid, u.contact_id, u.action, u.due_on, u.external_id, ${actorId}::uuid
              from unnest(${sql.param(inserts.map((i) => i.contactId))}::uuid[],
                ${sql.param(inserts.map((i) => i.plan.action))}::text[],
                ${sql.param(inserts.map((i) => i.plan.day))}::date[],
                ${sql.param(inserts.map((i) => i.plan.uid))}::text[]) as u(contact_id, action, due_on, external_id)
              returning id, contact_id as "contactId", external_id as "externalId"`,
        );
  if (updates.length > 0) {
    await db.execute(sql`
      update next_steps s set due_on = u.due_on, action = u.action, updated_at = ${now}::timestamptz
      from unnest(${sql.param(updates.map((u) => u.step.id))}::uuid[],
        ${sql.param(updates.map((u) => u.plan.day))}::date[],
        ${sql.param(updates.map((u) => u.plan.action))}::text[]) as u(id, due_on, action)
      where s.workspace_id = ${workspaceId}::uuid and s.id = u.id`);
  }
  if (deletes.length > 0) {
    await db.execute(sql`delete from next_steps
      where workspace_id = ${workspaceId}::uuid and id = any(${sql.param(deletes.map((d) => d.id))}::uuid[])`);
  }
  await recordAudits({
    db,
    entries: [
      ...inserted.map((s, i) => ({
        workspaceId,
        actorId,
        action: 'create' as const,
        entity: 'next_step' as const,
        entityId: s.id,
        changes: {
          contactId: s.contactId,
          action: inserts[i]?.plan.action,
          dueAt: inserts[i]?.plan.day,
          source: 'calendar',
        },
      })),
      ...updates.map(({ step, plan }) => ({
        workspaceId,
        actorId,
        action: 'update' as const,
        entity: 'next_step' as const,
        entityId: step.id,
        changes: { action: plan.action, dueAt: plan.day, source: 'calendar' },
      })),
      ...deletes.map((step) => ({
        workspaceId,
        actorId,
        action: 'delete' as const,
        entity: 'next_step' as const,
        entityId: step.id,
        changes: { contactId: step.contactId, action: step.action, source: 'calendar' },
      })),
    ],
  });
  const contactIds = [
    ...inserts.map((i) => i.contactId),
    ...updates.map((u) => u.step.contactId),
    ...deletes.map((d) => d.contactId),
  ];
  return { changedUids, contactIds: [...new Set(contactIds)] };
}
