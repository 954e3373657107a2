import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  member = await buildUser(t.store.db, { workspace: 'Acme', role: 'member' });
  stranger = await buildUser(t.store.db, { workspace: 'Other' });
});
afterAll(() => t.close());

type Pair = {
  contacts: { id: string; name: string }[];
  reason: string;
  reasons: { reason: string; detail: string }[];
  score: number;
};

const idsOf = (pair: Pair) => pair.contacts.map((c) => c.id).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe('GET /api/duplicates', () => {
  it('finds pairs by email (+tag), phone, LinkedIn and a similar name at one company, ranked, with reasons', async () => {
    const ws = owner.workspaceId;
    const db = t.store.db;
    const globex = await buildCompany(db, ws, { name: 'Globex' });
    const initech = await buildCompany(db, ws, { name: 'Initech' });
    const ada1 = await buildContact(db, ws, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
    });
    const ada2 = await buildContact(db, ws, {
      firstName: 'A.',
      lastName: 'King',
      email: 'Ada+crm@Example.com',
    });
    const bob1 = await buildContact(db, ws, {
      firstName: 'Bob',
      lastName: 'Byte',
      phones: [{ label: 'work', number: '+44 20 7946 0958' }],
    });
    const bob2 = await buildContact(db, ws, {
      firstName: 'Robert',
      lastName: 'Byte',
      phones: [{ label: null, number: '020 7946 0958' }],
    });
    const cy1 = await buildContact(db, ws, {
      firstName: 'Cy',
      lastName: 'Pher',
      linkedinUrl: 'https://www.linkedin.com/in/cypher/',
    });
    const cy2 = await buildContact(db, ws, {
      firstName: 'Cyrus',
      lastName: 'Ph',
      linkedinUrl: 'http://uk.linkedin.com/in/CyPher?trk=x',
    });
    const dana1 = await buildContact(db, ws, { firstName: 'Dana', lastName: 'Scully', companyId: globex.id });
    const dana2 = await buildContact(db, ws, { firstName: 'Dana', lastName: 'Scully', companyId: globex.id });
    // The same name at another company, and a different name at the same one, are not candidates.
    await buildContact(db, ws, { firstName: 'Dana', lastName: 'Scully', companyId: initech.id });
    await buildContact(db, ws, { firstName: 'Fox', lastName: 'Mulder', companyId: globex.id });
    // A switchboard number shared by six people suggests nobody.
    for (let i = 0; i < 6; i++) {
      await buildContact(db, ws, {
        firstName: `Staff${i}`,
        phones: [{ label: 'work', number: '+1 212 555 0000' }],
      });
    }
    // Another workspace's twin is never a candidate.
    await buildContact(db, stranger.workspaceId, { firstName: 'Ada', email: 'ada+x@example.com' });

    const res = await apiAs(t.app, member.token).get('/api/duplicates');
    expect(res.status).toBe(200);
    const items = res.body.items as Pair[];
    // Ranked by score; email and LinkedIn tie at 0.95, and a tie is ordered by the pair's ids.
    expect(items.map((p) => p.score)).toEqual([0.95, 0.95, 0.9, 0.85]);
    const byReason = Object.fromEntries(items.map((p) => [p.reason, p]));
    expect(Object.keys(byReason).sort()).toEqual(['email', 'linkedin', 'name', 'phone']);
    expect(idsOf(byReason.email!)).toEqual(sorted(ada1.id, ada2.id));
    expect(idsOf(byReason.linkedin!)).toEqual(sorted(cy1.id, cy2.id));
    expect(idsOf(byReason.name!)).toEqual(sorted(dana1.id, dana2.id));
    expect(idsOf(byReason.phone!)).toEqual(sorted(bob1.id, bob2.id));
    expect(items.slice(2).map((p) => p.reason)).toEqual(['name', 'phone']);
    expect(byReason.email!.reasons).toEqual([{ reason: 'email', detail: 'ada@example.com' }]);
    expect(byReason.linkedin!.reasons).toEqual([{ reason: 'linkedin', detail: 'linkedin.com/in/cypher' }]);
    expect(byReason.name!.reasons).toEqual([{ reason: 'name', detail: 'dana scully ~ dana scully' }]);
    // The number as the first contact of the pair (by id) has it written.
    expect(byReason.phone!.reasons).toEqual([
      { reason: 'phone', detail: expect.toBeOneOf(['+44 20 7946 0958', '020 7946 0958']) },
    ]);
    expect(items[0]!.contacts[0]).toMatchObject({ emails: expect.any(Array), name: expect.any(String) });

    const strangers = await apiAs(t.app, stranger.token).get('/api/duplicates');
    expect(strangers.body.items).toEqual([]);
  });

  it('pages by cursor without repeating or skipping a pair', async () => {
    const all = (await apiAs(t.app, owner.token).get('/api/duplicates')).body.items as Pair[];
    const first = await apiAs(t.app, owner.token).get('/api/duplicates?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await apiAs(t.app, owner.token).get(
      `/api/duplicates?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect([...first.body.items, ...second.body.items].map(idsOf)).toEqual(all.map(idsOf));
    expect(second.body.nextCursor).toBeNull();
    const forged = await apiAs(t.app, owner.token).get('/api/duplicates?cursor=bm9wZQ');
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].field).toBe('query.cursor');
  });
});

describe('POST /api/duplicates/dismiss', () => {
  it('remembers "not a duplicate" so the pair is not suggested again, and audits it', async () => {
    const ws = owner.workspaceId;
    const before = (await apiAs(t.app, owner.token).get('/api/duplicates')).body.items as Pair[];
    const [a, b] = before[0]!.contacts.map((c) => c.id) as [string, string];
    const res = await apiAs(t.app, member.token).post('/api/duplicates/dismiss', { contactIds: [b, a] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dismissed: 1 });
    const after = (await apiAs(t.app, owner.token).get('/api/duplicates')).body.items as Pair[];
    expect(after.map(idsOf)).toEqual(before.slice(1).map(idsOf));
    // Dismissing again is harmless.
    expect(
      (await apiAs(t.app, member.token).post('/api/duplicates/dismiss', { contactIds: [a, b] })).status,
    ).toBe(200);
    const audit = await queryRows<{ entity_id: string }>(
      t.store.db,
      sql`select entity_id from audit_log where workspace_id = ${ws}::uuid and action = 'dismiss_duplicate'`,
    );
    expect(audit.map((r) => r.entity_id).sort()).toEqual(sorted(a, b, a, b));
  });

  it('refuses one contact, a repeated id, and an unknown or foreign id, naming the field, writing nothing', async () => {
    const mine = await buildContact(t.store.db, owner.workspaceId);
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const count = async () =>
      (
        await queryRows<{ n: number }>(t.store.db, sql`select count(*)::int as n from duplicate_dismissals`)
      )[0]!.n;
    const before = await count();
    const api = apiAs(t.app, member.token);
    const one = await api.post('/api/duplicates/dismiss', { contactIds: [mine.id] });
    expect([one.status, one.body.error.fields[0].field]).toEqual([400, 'body.contactIds']);
    const twice = await api.post('/api/duplicates/dismiss', { contactIds: [mine.id, mine.id] });
    expect([twice.status, twice.body.error.fields[0].field]).toEqual([400, 'body.contactIds']);
    const foreign = await api.post('/api/duplicates/dismiss', { contactIds: [mine.id, theirs.id] });
    expect([foreign.status, foreign.body.error.fields[0].field]).toEqual([404, 'body.contactIds']);
    expect(await count()).toBe(before);
  });
});
