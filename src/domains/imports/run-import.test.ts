import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { contactSnapshot, importBytes } from './test-helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

async function workspace(): Promise<TestUser> {
  return buildUser(store.db);
}
const run = (user: TestUser, bytes: Uint8Array | string, form?: Record<string, string>) =>
  importBytes({ db: store.db, workspaceId: user.workspaceId, actorId: user.userId, bytes, form });

describe('runImport', () => {
  it('imports a Google CSV: contacts with emails, phones, tags, birthday, a fact, a company; bad rows reported', async () => {
    const user = await workspace();
    const result = await run(user, fixture('google.csv'));
    expect(result).toMatchObject({
      status: 'done',
      format: 'google',
      total: 4,
      processed: 4,
      created: 3,
      updated: 0,
      skipped: 1,
    });
    expect(result.errors).toEqual([
      { row: 3, field: 'name', message: 'has no name and no email address, so there is no one to import' },
      { row: 4, field: 'email', message: 'is not an email address: "not-an-email"' },
    ]);
    const [ada] = await contactSnapshot(store.db, user.workspaceId).then((rows) =>
      rows.filter((r) => r.first_name === 'Ada'),
    );
    expect(ada).toMatchObject({
      last_name: 'Lovelace',
      company: 'Analytical Engines',
      title: 'Chief Programmer',
      birthday: '1815-12-10',
      tags: ['friends', 'vip'],
      emails: ['ada@engines.test', 'ada.l@gmail.com'],
      phones: [{ label: 'mobile', number: '+44 20 7946 0001' }],
      facts: ['Loves poetry'],
      owner_id: user.userId,
    });
    // Search text and due state are kept as for any new contact: findable, and due from today.
    expect(ada?.search_text).toContain('ada@engines.test');
    expect(ada?.search_text).toContain('analytical engines');
  });

  it('never duplicates: a second run of the same file changes nothing, a LinkedIn file fills the same people', async () => {
    const user = await workspace();
    await run(user, fixture('google.csv'));
    const before = await contactSnapshot(store.db, user.workspaceId);
    const again = await run(user, fixture('google.csv'));
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 4 });
    expect(await contactSnapshot(store.db, user.workspaceId)).toEqual(before);

    const linkedIn = await run(user, fixture('linkedin.csv'));
    // Ada matched by name and company (LinkedIn has no email) and gains her profile; Katherine and Alan are new.
    expect(linkedIn).toMatchObject({ created: 2, updated: 1, skipped: 0 });
    const outlook = await run(user, fixture('outlook.csv'));
    // Alan matched by name and company and gains email, phones, birthday, tags; Ada by email (any case).
    expect(outlook).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    const people = await contactSnapshot(store.db, user.workspaceId);
    expect(people.map((p) => `${p.first_name} ${p.last_name}`)).toEqual([
      'Bad Email',
      'Grace Hopper',
      'Katherine Johnson',
      'Ada Lovelace',
      'Alan Turing',
    ]);
    expect(people.find((p) => p.first_name === 'Alan')).toMatchObject({
      emails: ['alan@bletchley.test'],
      birthday: '1912-06-23',
      tags: ['scientists', 'uk'],
      facts: ['Marathon runner'],
      title: 'Cryptanalyst',
      linkedin_url: 'https://www.linkedin.com/in/alan',
    });
    expect(people.find((p) => p.first_name === 'Ada')).toMatchObject({
      linkedin_url: 'https://www.linkedin.com/in/ada',
    });
  });

  it('fills empty fields but never overwrites what the user typed', async () => {
    const user = await workspace();
    await buildContact(store.db, user.workspaceId, {
      firstName: 'Grace',
      lastName: 'Hopper',
      title: 'Admiral',
      email: 'GRACE@navy.test',
      tags: ['mine'],
    });
    const result = await run(user, fixture('phone.vcf'));
    expect(result).toMatchObject({ created: 2, updated: 1 });
    const grace = (await contactSnapshot(store.db, user.workspaceId)).find((p) => p.first_name === 'Grace');
    expect(grace).toMatchObject({
      title: 'Admiral',
      birthday: '1906-12-09',
      tags: ['mine', 'navy', 'pioneers'],
      emails: ['grace@navy.test'],
      facts: ['Found the first bug'],
    });
  });

  it('applies owner, tier and tags to new contacts only, and a company is matched by email domain', async () => {
    const user = await workspace();
    const [tier] = await queryRows<{ id: string }>(
      store.db,
      sql`insert into tiers (workspace_id, name, priority, interval_days, channel) values (${user.workspaceId}::uuid, 'A', 1, 14, 'call') returning id`,
    );
    await store.db.execute(
      sql`insert into companies (workspace_id, name, domain) values (${user.workspaceId}::uuid, 'Roe Holdings', 'roe.test')`,
    );
    const result = await run(user, 'Name,Email\nJane Roe,jane@roe.test\n', {
      tierId: tier!.id,
      tags: 'imported,2026',
    });
    expect(result).toMatchObject({ created: 1, format: 'csv' });
    const [jane] = await contactSnapshot(store.db, user.workspaceId);
    expect(jane).toMatchObject({
      company: 'Roe Holdings',
      tier_id: tier!.id,
      tags: ['imported', '2026'],
      is_orphan: false,
    });
    expect(jane?.next_due_on).not.toBeNull();
  });

  it('a dry run reports what it would do and writes nothing', async () => {
    const user = await workspace();
    const result = await run(user, fixture('google.csv'), { dryRun: 'true' });
    expect(result).toMatchObject({ status: 'done', dryRun: true, created: 3, skipped: 1, errorCount: 2 });
    expect(await contactSnapshot(store.db, user.workspaceId)).toEqual([]);
    const [companies] = await queryRows<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from companies where workspace_id = ${user.workspaceId}::uuid`,
    );
    expect(companies?.n).toBe(0);
  });

  it('a dry run says row by row what each would do and why, naming the contacts it matched', async () => {
    const user = await workspace();
    await run(user, fixture('google.csv'));
    await run(user, fixture('linkedin.csv'));
    const result = await run(user, fixture('outlook.csv'), { dryRun: 'true' });
    const people = await contactSnapshot(store.db, user.workspaceId);
    const ids = await queryRows<{ id: string; first_name: string }>(
      store.db,
      sql`select id, first_name from contacts where workspace_id = ${user.workspaceId}::uuid`,
    );
    const idOf = (first: string) => ids.find((r) => r.first_name === first)?.id;
    expect(result.decisions).toEqual([
      {
        row: 1,
        action: 'updated',
        contactId: idOf('Alan'),
        name: 'Alan Turing',
        reason:
          'Matches Alan Turing by name and company; adds an email, 2 phones, 2 tags, a fact and the birthday',
      },
      {
        row: 2,
        action: 'skipped',
        contactId: idOf('Ada'),
        name: 'Ada Lovelace',
        reason: 'Matches Ada Lovelace by email ada@engines.test; nothing new',
      },
    ]);
    // Written nothing: the contacts are as they were.
    expect(await contactSnapshot(store.db, user.workspaceId)).toEqual(people);
    const fresh = await run(await workspace(), fixture('google.csv'), { dryRun: 'true' });
    expect(
      (fresh.decisions ?? []).map((d: { action: string; reason: string }) => `${d.action}: ${d.reason}`),
    ).toEqual([
      'created: New contact, at a new company Analytical Engines',
      'created: New contact, at a new company US Navy',
      'created: New contact',
    ]);
  });

  it('refuses a malformed file as a whole, writing no contact', async () => {
    const user = await workspace();
    const long = `First Name,Email\nAna,ana@x.test\nBo,"${'y'.repeat(1_100_000)}"\n`;
    await expect(run(user, long)).rejects.toThrow('body.file: Line 3 is longer than 1,000,000 characters');
    const cut = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Bo\r\n';
    const result = await run(user, cut);
    expect(result).toMatchObject({
      status: 'failed',
      created: 0,
      failure: 'The last card has no END:VCARD: the file is cut short.',
    });
    const headerOnly = await run(user, 'First Name,Email\n');
    expect(headerOnly).toMatchObject({
      status: 'failed',
      failure: 'The file has a header but no contacts under it.',
    });
    expect(await contactSnapshot(store.db, user.workspaceId)).toEqual([]);
  });
});
