import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { mergeValues } from '../templates/merge-values.ts';
import { renderTemplate } from '../templates/render.ts';
import { getTemplate } from '../templates/templates.ts';
import { outbox } from './schema.ts';
import { sendEmailJob } from './send-job.ts';

export type OutboxRow = typeof outbox.$inferSelect;

const refuse = (field: string, message: string) =>
  new AppError('unprocessable', `${field}: ${message}`, [{ field, message }]);

/** The address an email to a contact goes to: its first, unless it may not be written to at all. */
async function recipientOf(options: { db: Db; workspaceId: string; contactId: string }): Promise<string> {
  const [row] = await queryRows<{ do_not_contact: boolean; email: string | null; suppressed: string | null }>(
    options.db,
    sql`select c.do_not_contact,
          (select lower(e.email) from contact_emails e where e.workspace_id = c.workspace_id
            and e.contact_id = c.id order by e.position, e.email limit 1) as email,
          (select s.reason from suppressions s where s.workspace_id = c.workspace_id
            and s.email = (select lower(e.email) from contact_emails e where e.workspace_id = c.workspace_id
              and e.contact_id = c.id order by e.position, e.email limit 1)) as suppressed
        from contacts c where c.workspace_id = ${options.workspaceId}::uuid and c.id = ${options.contactId}::uuid`,
  );
  if (!row) throw notFound('Contact', options.contactId, 'body.contactId');
  if (row.do_not_contact) throw refuse('body.contactId', 'is marked do not contact');
  if (!row.email) throw refuse('body.contactId', 'has no email address');
  if (row.suppressed) {
    const why = row.suppressed === 'bounce' ? 'bounced for good' : 'unsubscribed';
    throw refuse('body.contactId', `cannot be written to: ${row.email} ${why}`);
  }
  return row.email;
}

/**
 * Queues one email to a contact from one of the caller's mailboxes: written to the outbox with its final
 * Message-ID in the caller's transaction, and its send job enqueued in the same one, so it goes out only once
 * that transaction commits (the outbox rule). A template is rendered for the contact, and a field it has no
 * value for (and no fallback) is a 422 naming it: never a blank. A contact marked do not contact, without an
 * email, or whose address bounced or unsubscribed is refused.
 */
export async function queueEmail(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  contactId: string;
  mailboxId: string;
  source: 'manual' | 'sequence';
  content: { subject: string; body: string } | { templateId: string };
  /** The sequence enrolment sending it. */
  enrollmentId?: string;
}): Promise<OutboxRow> {
  const { db, workspaceId, actorId } = options;
  const [mailbox] = await db
    .select()
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.workspaceId, workspaceId),
        eq(mailboxes.id, options.mailboxId),
        eq(mailboxes.userId, actorId),
      ),
    );
  if (!mailbox) throw notFound('Mailbox', options.mailboxId, 'body.mailboxId');
  if (!mailbox.smtpHost) throw refuse('body.mailboxId', 'cannot send: it has no SMTP settings');
  const to = await recipientOf({ db, workspaceId, contactId: options.contactId });
  const text =
    'templateId' in options.content
      ? await getTemplate({ db, workspaceId, id: options.content.templateId, field: 'body.templateId' })
      : options.content;
  const values = await mergeValues({ db, workspaceId, contactId: options.contactId, userId: actorId });
  const rendered = renderTemplate(text, values);
  if (rendered.missing.length > 0) {
    const field = 'templateId' in options.content ? 'body.templateId' : 'body.body';
    const fields = rendered.missing.map((f) => `{{${f}}}`).join(', ');
    throw refuse(
      field,
      `has no value for ${fields} for this contact and no fallback, so it would go out blank`,
    );
  }
  const id = randomUUID();
  const domain = mailbox.address.slice(mailbox.address.indexOf('@') + 1);
  const [row] = await db
    .insert(outbox)
    .values({
      workspaceId,
      id,
      mailboxId: mailbox.id,
      userId: actorId,
      contactId: options.contactId,
      toAddress: to,
      subject: rendered.subject,
      bodyText: rendered.body,
      bodyHtml: rendered.html,
      messageId: `<${id}@${domain}>`,
      source: options.source,
      enrollmentId: options.enrollmentId ?? null,
    })
    .returning();
  if (!row) throw new Error('outbox insert returned nothing');
  await enqueueJob({ db, workspaceId, job: sendEmailJob, payload: { outboxId: id } });
  return row;
}

/** The caller's emails, newest first, optionally of one status. */
export async function findOutbox(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  status?: OutboxRow['status'];
  limit: number;
  offset: number;
}): Promise<{ rows: OutboxRow[]; total: number }> {
  const where = and(
    eq(outbox.workspaceId, options.workspaceId),
    eq(outbox.userId, options.actorId),
    options.status ? eq(outbox.status, options.status) : undefined,
  );
  const rows = await options.db
    .select()
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(options.limit)
    .offset(options.offset);
  const [count] = await options.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(where);
  return { rows, total: count?.n ?? 0 };
}
