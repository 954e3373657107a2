import { daysBetween, todayUtc } from '../../shared/dates.ts';
import type { ContactRecord } from './load-contacts.ts';
import type { ContactOutput } from './validators.ts';

/** A timestamp as the driver gives it (text), as the API writes it (ISO 8601, UTC). */
const iso = (timestamp: string) => new Date(timestamp).toISOString();

/** Picks the API fields of a contact, with its emails, company and tier. */
export function presentContact(row: ContactRecord, today: string = todayUtc()): ContactOutput {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: `${row.first_name} ${row.last_name}`.trim(),
    title: row.title,
    company:
      row.company_id && row.company_name !== null ? { id: row.company_id, name: row.company_name } : null,
    companyId: row.company_id,
    ownerId: row.owner_id,
    tier:
      row.tier_id && row.tier_name !== null && row.tier_priority !== null && row.tier_channel !== null
        ? {
            id: row.tier_id,
            name: row.tier_name,
            priority: row.tier_priority,
            intervalDays: row.tier_interval_days,
            channel: row.tier_channel,
          }
        : null,
    tierId: row.tier_id,
    intervalDays: row.interval_days,
    stage: row.stage,
    readiness: row.readiness,
    tags: row.tags,
    source: row.source,
    emails: row.emails,
    phones: row.phones.map((p) => ({ label: p.label ?? null, number: p.number })),
    birthday: row.birthday,
    linkedinUrl: row.linkedin_url,
    doNotContact: row.do_not_contact,
    snoozedUntil: row.snoozed_until,
    archived: row.archived,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lastTouchAt: row.last_touch_at === null ? null : iso(row.last_touch_at),
    nextDueAt: row.next_due_on,
    dueReason: row.due_reason,
    overdueDays: row.next_due_on ? Math.max(0, daysBetween(row.next_due_on, today)) : null,
    isOrphan: row.is_orphan,
  };
}
