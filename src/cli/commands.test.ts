import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { tiers } from '../domains/cadence/schema.ts';
import { companies } from '../domains/companies/schema.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { facts } from '../domains/facts/schema.ts';
import { interactions, nextSteps } from '../domains/interactions/schema.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import { openTestStore } from '../test/test-store.ts';
import { DATA_COMMANDS } from './commands/index.ts';
import { executeCommand } from './execute.ts';

// The command functions in-process, against a real migrated store: what both the CLI and the server's
// local route run.

let store: Store;
let owner: TestUser;

function run(name: string, raw: Record<string, string | boolean>) {
  const command = DATA_COMMANDS.get(name);
  if (!command) throw new Error(`no command ${name}`);
  return executeCommand({ command, raw, db: store.db, store: null });
}

beforeAll(async () => {
  store = await openTestStore();
  owner = await buildUser(store.db, { workspace: 'Table Co', email: 'boss@table.test' });
});
afterAll(() => store.close());

describe('today', () => {
  it('prints an aligned table with counts, reasons, due and overdue days, last touch and talking points', async () => {
    const w = owner.workspaceId;
    const [tier] = await store.db
      .insert(tiers)
      .values({ workspaceId: w, name: 'Gold', priority: 1, intervalDays: 30 })
      .returning();
    const [company] = await store.db
      .insert(companies)
      .values({ workspaceId: w, name: 'Initech' })
      .returning();
    const late = await buildContact(store.db, w, {
      firstName: 'Peter',
      lastName: 'Gibbons',
      tierId: tier!.id,
      companyId: company!.id,
    });
    await store.db.insert(facts).values({ workspaceId: w, contactId: late.id, text: 'Likes fishing' });
    // No tier and no next step: counted as an orphan, never listed.
    await buildContact(store.db, w, { firstName: 'Samir', lastName: 'Nagheenanajar' });
    const asOf = addDays(todayUtc(), 3);
    await run('log', {
      contact: (
        await buildContact(store.db, w, { firstName: 'Joanna', lastName: '', email: 'jo@chotchkies.test' })
      ).id,
      kind: 'email',
      summary: 'Sent flair guide',
      next: 'Ask about the flair',
    });

    const result = await run('today', { asOf, limit: '10' });
    expect(result.error).toBe('');
    expect(result.exitCode).toBe(0);
    const lines = result.output.trimEnd().split('\n');
    expect(lines[0]).toBe(`Today for Table Co on ${asOf} (everyone)`);
    expect(lines[1]).toBe('1 due, 1 overdue, 1 with no plan (orphans)');
    const header = lines[3]!;
    const rule = lines[4]!;
    const row = lines[5]!;
    expect(header).toMatch(
      /^#\s+Name\s+Company\s+Tier\s+Reason\s+Due\s+Last touch\s+Next step\s+Talking points$/,
    );
    expect(rule).toMatch(/^-+( +-+){8}$/);
    // Every column starts where its header does.
    for (const title of ['Company', 'Tier', 'Reason', 'Due', 'Last touch', 'Talking points']) {
      const at = header.indexOf(title);
      expect(row[at - 1], title).toBe(' ');
      expect(row[at], title).not.toBe(' ');
    }
    expect(row).toMatch(
      /^1\s+Peter Gibbons\s+Initech\s+Gold\s+never contacted\s+\d{4}-\d\d-\d\d \(3d overdue\)\s+never\s+Likes fishing$/,
    );
    expect(lines).toHaveLength(6);
  });

  it('shows the owner filter, and names the flag for an unknown owner or workspace', async () => {
    const mine = await run('today', { owner: 'BOSS@table.test' });
    expect(mine.exitCode).toBe(0);
    expect(mine.output).toContain('(owner boss@table.test)');

    const nobody = await run('today', { owner: 'nobody@table.test' });
    expect(nobody).toMatchObject({
      exitCode: 1,
      error: '--owner: no user nobody@table.test in this workspace',
    });

    const unknown = await run('today', { workspace: 'Nope' });
    expect(unknown).toMatchObject({ exitCode: 1, error: '--workspace: no workspace is named "Nope"' });
  });

  it('asks for --workspace when the store has several', async () => {
    const other = await openTestStore();
    try {
      await buildUser(other.db, { workspace: 'One' });
      await buildUser(other.db, { workspace: 'Two' });
      const command = DATA_COMMANDS.get('today')!;
      const result = await executeCommand({ command, raw: {}, db: other.db, store: null });
      expect(result.exitCode).toBe(1);
      expect(result.error).toMatch(
        /^--workspace: the store has several workspaces \("One", "Two"\); name one$/,
      );
      const named = await executeCommand({ command, raw: { workspace: 'two' }, db: other.db, store: null });
      expect(named.output).toContain('Today for Two on');
    } finally {
      await other.close();
    }
  });
});

describe('log', () => {
  it('defaults the next step to 7 days after the interaction and prints the new due date', async () => {
    const w = owner.workspaceId;
    const contact = await buildContact(store.db, w, {
      firstName: 'Milton',
      lastName: 'Waddams',
      email: 'milton@initech.test',
    });
    const result = await run('log', {
      contact: 'MILTON@initech.test',
      kind: 'meeting',
      summary: 'About the stapler',
      next: 'Return the stapler',
      at: '2025-06-02T10:00:00Z',
    });
    expect(result.error).toBe('');
    expect(result.output).toContain(
      'Logged meeting (out) with Milton Waddams on 2025-06-02: About the stapler',
    );
    expect(result.output).toContain('Next step: Return the stapler, due 2025-06-09.');
    expect(result.output).toContain('Milton Waddams is next due on 2025-06-09.');
    const steps = await store.db
      .select()
      .from(nextSteps)
      .where(and(eq(nextSteps.workspaceId, w), eq(nextSteps.contactId, contact.id)));
    expect(steps.map((s) => s.dueOn)).toEqual(['2025-06-09']);
  });

  it('warns when a call has no next step, and refuses it with the reason when the tier requires one', async () => {
    const w = owner.workspaceId;
    await buildContact(store.db, w, { firstName: 'Bill', lastName: 'Lumbergh', email: 'bill@initech.test' });
    const warned = await run('log', { contact: 'bill@initech.test', kind: 'call', summary: 'TPS reports' });
    expect(warned.exitCode).toBe(0);
    expect(warned.output).toContain('Warning: this call has no next step.');

    const [strict] = await store.db
      .insert(tiers)
      .values({ workspaceId: w, name: 'Strict', priority: 2, intervalDays: 7, requireNextStep: true })
      .returning();
    await buildContact(store.db, w, {
      firstName: 'Bob',
      lastName: 'Slydell',
      tierId: strict!.id,
      email: 'bob@consult.test',
    });
    const before = await store.db.select().from(interactions).where(eq(interactions.workspaceId, w));
    const refused = await run('log', {
      contact: 'bob@consult.test',
      kind: 'call',
      summary: 'What would you say you do here?',
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('Not logged: Tier "Strict" requires a next step after a call.');
    expect(refused.output).toContain('--next');
    const after = await store.db.select().from(interactions).where(eq(interactions.workspaceId, w));
    expect(after).toHaveLength(before.length);
  });

  it('names the argument for an unknown contact, and --due without --next', async () => {
    const unknown = await run('log', {
      contact: 'ghost@initech.test',
      kind: 'call',
      summary: 'x',
      next: 'y',
    });
    expect(unknown).toMatchObject({
      exitCode: 1,
      error: '<contact>: no contact has the email ghost@initech.test',
    });
    const dueOnly = await run('log', {
      contact: 'bill@initech.test',
      kind: 'call',
      summary: 'x',
      due: '2025-01-01',
    });
    expect(dueOnly.exitCode).toBe(2);
    expect(dueOnly.error).toBe('--due: needs --next "…" (the step that is due)');
  });
});

describe('admin create-user', () => {
  it('adds to an existing workspace by name, case-insensitively, and creates a new one otherwise', async () => {
    const added = await run('admin create-user', {
      email: 'Tom@Table.test',
      password: 'jump-to-conclusions',
      role: 'member',
      workspace: 'table co',
    });
    expect(added.output).toContain('Created member tom@table.test in workspace "table co".');
    const created = await run('admin create-user', {
      email: 'tom@table.test',
      password: 'jump-to-conclusions',
      role: 'owner',
      workspace: 'Elsewhere',
    });
    expect(created.output).toContain('in new workspace "Elsewhere"');
  });
});
