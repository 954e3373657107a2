import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { refreshDueState } from '../cadence/due-state.ts';
import { buildTier } from '../cadence/factories.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildUser } from '../workspaces/factories.ts';
import { insertNewContacts, type NewContact } from './insert-new.ts';
import { refreshSearchText } from './search-text.ts';

let store: TestStore;
afterAll(() => store?.close());
beforeAll(async () => {
  store = await openTestStore();
});

/** Every derived column of the workspace's contacts, plus the search vocabulary, in a comparable form. */
async function derived(workspaceId: string) {
  const contacts = await queryRows<{ id: string } & Record<string, unknown>>(
    store.db,
    sql`select id, search_text, search_words, last_touch_at, next_step_on, next_due_on::text, due_reason,
               today_on::text, is_orphan
          from contacts where workspace_id = ${workspaceId}::uuid order by id`,
  );
  const words = await queryRows<{ word: string }>(
    store.db,
    sql`select word from search_words where workspace_id = ${workspaceId}::uuid order by word`,
  );
  const counts = await queryRows(
    store.db,
    sql`select owner_key, today_on::text, contacts, due_that_day from today_counts
         where workspace_id = ${workspaceId}::uuid order by owner_key, today_on`,
  );
  return { contacts, words: words.map((w) => w.word), counts };
}

describe('insertNewContacts', () => {
  it('writes the search text and due state that the refreshers would compute', async () => {
    const user = await buildUser(store.db, { workspace: 'Bulk Co' });
    const ws = user.workspaceId;
    const cadence = await buildTier(store.db, ws, { intervalDays: 14, channel: 'call' });
    const newsletter = await buildTier(store.db, ws, { intervalDays: 90, channel: 'newsletter' });
    const company = await buildCompany(store.db, ws, { name: 'Zoë Überfabrik' });
    const base: NewContact = {
      id: '',
      firstName: 'Léa',
      lastName: '',
      title: null,
      linkedinUrl: null,
      companyId: null,
      ownerId: null,
      tierId: null,
      tags: [],
      phones: [],
      birthday: null,
      emails: [],
    };
    const contacts: NewContact[] = [
      { ...base, id: randomUUID() },
      {
        ...base,
        id: randomUUID(),
        lastName: "O'Brien-Smith",
        emails: ['Lea.OBrien@Acme.test', 'lea42@home.test'],
        companyId: company.id,
        tierId: cadence.id,
        ownerId: user.userId,
        tags: ['vip', 'from "csv"'],
        phones: [{ label: 'work', number: '+1 555 0100' }],
        birthday: '1980-02-29',
        linkedinUrl: 'https://www.linkedin.com/in/lea-obrien',
      },
      { ...base, id: randomUUID(), firstName: 'News', lastName: 'Reader', tierId: newsletter.id },
      { ...base, id: randomUUID(), firstName: 'Owned', ownerId: user.userId, tierId: cadence.id },
    ];
    await insertNewContacts({ db: store.db, workspaceId: ws, contacts, source: 'import', now: new Date() });
    const written = await derived(ws);

    expect(written.contacts).toHaveLength(4);
    const lea = written.contacts.find((c) => c.id === contacts[1]?.id);
    expect(lea).toMatchObject({
      search_text: "léa o'brien-smith lea.obrien@acme.test lea42@home.test zoë überfabrik",
      due_reason: 'never_contacted',
      is_orphan: false,
    });
    expect(written.words).toContain('überfabrik');
    // Both contacts with a cadence are due today for their owner; the others are never on Today.
    expect(written.counts).toEqual([
      { owner_key: user.userId, today_on: expect.any(String), contacts: 2, due_that_day: 2 },
    ]);

    await refreshSearchText({ db: store.db, workspaceId: ws, scope: { all: true } });
    await refreshDueState({ db: store.db, workspaceId: ws, scope: { all: true } });
    expect(await derived(ws)).toEqual(written);
  });

  it("stores the emails in order, and a taken address throws (so the caller's transaction writes nothing)", async () => {
    const user = await buildUser(store.db, { workspace: 'Emails Co' });
    const id = randomUUID();
    const one = {
      id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: null,
      linkedinUrl: null,
      companyId: null,
      ownerId: null,
      tierId: null,
      tags: [],
      phones: [],
      birthday: null,
      emails: ['ada@engine.test', 'countess@lovelace.test'],
    };
    const now = new Date();
    await insertNewContacts({
      db: store.db,
      workspaceId: user.workspaceId,
      contacts: [one],
      source: 'import',
      now,
    });
    const emails = await queryRows<{ email: string; position: number }>(
      store.db,
      sql`select email, position from contact_emails where workspace_id = ${user.workspaceId}::uuid order by position`,
    );
    expect(emails).toEqual([
      { email: 'ada@engine.test', position: 0 },
      { email: 'countess@lovelace.test', position: 1 },
    ]);
    await expect(
      insertNewContacts({
        db: store.db,
        workspaceId: user.workspaceId,
        contacts: [{ ...one, id: randomUUID(), emails: ['ADA@engine.test'] }],
        source: 'import',
        now,
      }),
    ).rejects.toThrow();
  });
});
