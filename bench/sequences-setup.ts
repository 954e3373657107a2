// The workspace the outbox and sequence benchmarks run in, written with plain SQL (not timed): one owner with
// a mailbox that sends to the local SMTP peer (bench/smtp-peer.ts), a template, contacts in companies of five, each with an email,
// and the facts that make the stop rules stop some of them. It lives beside the bench workspace in the same
// store, so the jobs share its tables and its database, and is dropped afterwards: the PostgreSQL bench
// database is reused by later runs, and Today's figures there must not drift (as bench/touches.ts does).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../src/db/client.ts';
import { mailboxes } from '../src/domains/mailboxes/schema.ts';
import { resolveSealKey } from '../src/domains/mailboxes/secret.ts';
import type { SequenceStep } from '../src/domains/sequences/schema.ts';
import { templates } from '../src/domains/templates/schema.ts';
import { createUser } from '../src/domains/workspaces/create-user.ts';

/** Every how-many-th contact answered (an inbound email since enrolment), is do not contact, or a customer. */
export const MIX = { repliedEvery: 31, doNotContactEvery: 50, customerEvery: 47, companySize: 5 };
/**
 * The send limits of the bench mailbox: "rate limits off" for the throughput figure. The check still runs
 * on every send (send.ts limitedUntil) and reads the mailbox's sends of the last hour and day.
 */
export const LIMITS_OFF = 1_000_000_000;

export type SeqWorkspace = {
  workspaceId: string;
  ownerId: string;
  mailboxId: string;
  templateId: string;
  contacts: number;
};

const ws = (id: string) => sql`${id}::uuid`;

/** Creates the workspace with `contacts` contacts and the mailbox pointing at the SMTP peer. */
export async function createSeqWorkspace(options: {
  db: Db;
  contacts: number;
  smtp: { host: string; port: number };
}): Promise<SeqWorkspace> {
  const { db } = options;
  // Each send reads the seal key (outbox/send-job.ts), from KITH_SECRET here; the worker process inherits it.
  process.env.KITH_SECRET ??= 'sequences bench secret';
  if (!resolveSealKey({ secret: process.env.KITH_SECRET })) throw new Error('no seal key');
  const owner = await createUser({
    db,
    input: {
      email: `sequences-${randomUUID()}@bench.test`,
      password: 'bench-secret',
      role: 'owner',
      workspace: `Sequences ${randomUUID()}`,
    },
  });
  const w = ws(owner.workspaceId);
  const [mailbox] = await db
    .insert(mailboxes)
    .values({
      workspaceId: owner.workspaceId,
      userId: owner.id,
      address: 'owner@seq.bench.test',
      smtpHost: options.smtp.host,
      smtpPort: options.smtp.port,
      smtpTls: 'none',
      dailyLimit: LIMITS_OFF,
      hourlyLimit: LIMITS_OFF,
    })
    .returning({ id: mailboxes.id });
  const [template] = await db
    .insert(templates)
    .values({
      workspaceId: owner.workspaceId,
      name: 'Bench follow-up',
      subject: 'Following up, {{contact.firstName}}',
      body: 'Hi {{contact.firstName}},\n\nHow are things at {{company.name}}?\n\nBest',
      createdBy: owner.id,
    })
    .returning({ id: templates.id });
  const companies = Math.ceil(options.contacts / MIX.companySize);
  await db.execute(sql`insert into companies (workspace_id, name)
    select ${w}, 'Company ' || n from generate_series(1, ${companies}) n`);
  await db.execute(sql`
    with co as (select id, row_number() over (order by id) - 1 as k from companies where workspace_id = ${w})
    insert into contacts (workspace_id, first_name, last_name, owner_id, company_id, stage, do_not_contact, tags)
    select ${w}, 'Person', 'Number ' || n, ${owner.id}::uuid, co.id,
      case when n % ${MIX.customerEvery} = 0 then 'customer' else 'lead' end,
      n % ${MIX.doNotContactEvery} = 0,
      case when n % ${MIX.repliedEvery} = 0 then '{replied}'::text[] else '{}'::text[] end
    from generate_series(1, ${options.contacts}) n join co on co.k = n % ${companies}`);
  await db.execute(sql`insert into contact_emails (workspace_id, contact_id, email)
    select workspace_id, id, 'c-' || id || '@seq.bench.test' from contacts where workspace_id = ${w}`);
  // The answers arrive through plain SQL, not recordTouches, so nothing has stopped their enrolments yet:
  // the tick's stop rules are what finds them.
  await db.execute(sql`insert into interactions (workspace_id, id, kind, direction, occurred_at, summary, source)
    select workspace_id, md5(id::text || 'reply')::uuid, 'email', 'in', now() - interval '1 hour', 'Re: hello', 'sync'
    from contacts where workspace_id = ${w} and 'replied' = any(tags)`);
  await db.execute(sql`insert into interaction_contacts (workspace_id, interaction_id, contact_id, occurred_at, is_touch)
    select workspace_id, md5(id::text || 'reply')::uuid, id, now() - interval '1 hour', true
    from contacts where workspace_id = ${w} and 'replied' = any(tags)`);
  await db.execute(sql`analyze`);
  return {
    workspaceId: owner.workspaceId,
    ownerId: owner.id,
    mailboxId: mailbox!.id,
    templateId: template!.id,
    contacts: options.contacts,
  };
}

/**
 * Two sequences, each enrolment's first step due now: "Call first" (a call, then an email in 3 days; it also
 * stops when anyone at the company answers) and "Email first" (an email, then a task in 3 days). Enrols the
 * first `count` contacts alternately, so half the due steps queue an email and half add a next step.
 */
export async function enrolDue(options: { db: Db; seq: SeqWorkspace; count: number }): Promise<void> {
  const { db, seq } = options;
  const w = ws(seq.workspaceId);
  const callFirst: SequenceStep[] = [
    { after: { days: 0 }, channel: 'call', action: 'Call about the pilot' },
    { after: { days: 3 }, channel: 'email', templateId: seq.templateId },
  ];
  const emailFirst: SequenceStep[] = [
    { after: { days: 0 }, channel: 'email', templateId: seq.templateId },
    { after: { days: 3 }, channel: 'task', action: 'Follow up' },
  ];
  const [a, b] = await queryRows<{ id: string }>(
    db,
    sql`insert into sequences (workspace_id, name, steps, stop_on, mailbox_id, created_by) values
      (${w}, 'Call first', ${JSON.stringify(callFirst)}::jsonb, '{company_reply}', ${seq.mailboxId}::uuid, ${seq.ownerId}::uuid),
      (${w}, 'Email first', ${JSON.stringify(emailFirst)}::jsonb, '{}', ${seq.mailboxId}::uuid, ${seq.ownerId}::uuid)
      returning id`,
  );
  await db.execute(sql`
    insert into sequence_enrollments (workspace_id, sequence_id, contact_id, owner_id, enrolled_at, next_step_at)
    select ${w}, case when k % 2 = 0 then ${a!.id}::uuid else ${b!.id}::uuid end, id, ${seq.ownerId}::uuid,
      now() - interval '1 day', now() - interval '1 minute'
    from (select id, row_number() over (order by id) as k from contacts where workspace_id = ${w}
      order by id limit ${options.count}) c`);
  await db.execute(sql`analyze sequence_enrollments`);
}

/** How the tick left the enrolments: by status and stop reason, and what it wrote. */
export async function tickOutcome(db: Db, seq: SeqWorkspace) {
  const w = ws(seq.workspaceId);
  const byState = await queryRows<{ state: string; n: number }>(
    db,
    sql`select status || coalesce(': ' || stop_reason, '') as state, count(*)::int as n
        from sequence_enrollments where workspace_id = ${w} group by 1 order by 2 desc`,
  );
  const [wrote] = await queryRows<{ emails: number; next_steps: number; planned: number }>(
    db,
    sql`select (select count(*)::int from outbox where workspace_id = ${w} and source = 'sequence') as emails,
        (select count(*)::int from next_steps where workspace_id = ${w}) as next_steps,
        (select count(*)::int from jobs where workspace_id = ${w} and kind = 'sequences.advance'
          and status = 'queued') as planned`,
  );
  return {
    enrollments: Object.fromEntries(byState.map((r) => [r.state, r.n])),
    emailsQueued: wrote?.emails ?? 0,
    nextStepsAdded: wrote?.next_steps ?? 0,
    nextStepsPlanned: wrote?.planned ?? 0,
  };
}

/** Deletes the workspace and every row of it, table by table until no foreign key holds one back. */
export async function dropSeqWorkspace(db: Db, workspaceId: string): Promise<void> {
  let tables = (
    await queryRows<{ table_name: string }>(
      db,
      sql`select c.table_name from information_schema.columns c join information_schema.tables t
            on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
          where c.table_schema = 'public' and c.column_name = 'workspace_id'`,
    )
  ).map((r) => r.table_name);
  for (let pass = 0; tables.length > 0; pass++) {
    if (pass > tables.length + 1) throw new Error(`could not empty ${tables.join(', ')}`);
    const left: string[] = [];
    for (const table of tables) {
      await db
        .execute(sql`delete from ${sql.identifier(table)} where workspace_id = ${ws(workspaceId)}`)
        .catch(() => left.push(table));
    }
    tables = left;
  }
  await db.execute(sql`delete from workspaces where id = ${ws(workspaceId)}`);
}
