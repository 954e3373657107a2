import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { companies } from '../companies/schema.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { dayOffset } from './test-helpers.ts';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  viewer = await buildUser(t.store.db, { workspace: 'Acme', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Globex' });
});
afterAll(() => t.close());

const api = () => apiAs(t.app, owner.token);
const buildCompany = async (workspaceId: string, name: string) => {
  const [company] = await t.store.db.insert(companies).values({ workspaceId, name }).returning();
  return company!;
};
const log = (contactIds: string[], summary: string, daysAgo: number) =>
  api().post('/api/interactions', {
    contactIds,
    kind: 'email',
    summary,
    occurredAt: dayOffset(-daysAgo).at,
  });
const summaries = (res: { body: any }) => res.body.items.map((i: { summary: string }) => i.summary);

describe('GET /api/contacts/:id/timeline', () => {
  it("lists a contact's interactions newest first, page by page, notes included", async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId);
    const other = await buildContact(t.store.db, owner.workspaceId);
    await log([contact.id], 'oldest', 9);
    await log([contact.id, other.id], 'shared', 5);
    await log([other.id], 'not hers', 4);
    // Two on the same instant: the id breaks the tie, so paging neither skips nor repeats one.
    await log([contact.id], 'tie a', 2);
    await log([contact.id], 'tie b', 2);
    await api().post('/api/interactions', { contactIds: [contact.id], kind: 'note', summary: 'newest note' });

    const all = await api().get(`/api/contacts/${contact.id}/timeline`);
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(summaries(all)).toHaveLength(5);
    expect(summaries(all)[0]).toBe('newest note');
    expect(summaries(all).slice(3)).toEqual(['shared', 'oldest']);
    const shared = all.body.items.find((i: { summary: string }) => i.summary === 'shared');
    expect(shared.contacts.map((c: { id: string }) => c.id).sort()).toEqual([contact.id, other.id].sort());

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await api().get(`/api/contacts/${contact.id}/timeline${query}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...summaries(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(summaries(all));
  });

  it('answers 404 for an unknown or other-workspace contact, 400 for a bad cursor, 401 without credential', async () => {
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const res = await api().get(`/api/contacts/${theirs.id}/timeline`);
    expect(res.status).toBe(404);
    expect(res.body.error.fields[0].field).toBe('params.id');
    const mine = await buildContact(t.store.db, owner.workspaceId);
    const bad = await api().get(
      `/api/contacts/${mine.id}/timeline?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.cursor');
    const limit = await api().get(`/api/contacts/${mine.id}/timeline?limit=500`);
    expect(limit.body.error.fields[0].field).toBe('query.limit');
    expect((await apiAs(t.app, viewer.token).get(`/api/contacts/${mine.id}/timeline`)).status).toBe(200);
    expect((await apiAs(t.app).get(`/api/contacts/${mine.id}/timeline`)).status).toBe(401);
  });
});

describe('GET /api/companies/:id/timeline', () => {
  it("merges the company's contacts' interactions, each once, newest first, page by page", async () => {
    const company = await buildCompany(owner.workspaceId, 'Initech');
    const a = await buildContact(t.store.db, owner.workspaceId, { companyId: company.id });
    const b = await buildContact(t.store.db, owner.workspaceId, { companyId: company.id });
    const outsider = await buildContact(t.store.db, owner.workspaceId);
    await log([a.id], 'a only', 6);
    await log([a.id, b.id], 'both', 4);
    await log([b.id, outsider.id], 'b and outsider', 3);
    await log([outsider.id], 'outsider only', 1);

    const all = await api().get(`/api/companies/${company.id}/timeline`);
    expect(all.status).toBe(200);
    expect(summaries(all)).toEqual(['b and outsider', 'both', 'a only']);
    const first = await api().get(`/api/companies/${company.id}/timeline?limit=2`);
    expect(summaries(first)).toEqual(['b and outsider', 'both']);
    const second = await api().get(
      `/api/companies/${company.id}/timeline?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(summaries(second)).toEqual(['a only']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown or other-workspace company', async () => {
    const theirs = await buildCompany(stranger.workspaceId, 'Globex Corp');
    const res = await api().get(`/api/companies/${theirs.id}/timeline`);
    expect(res.status).toBe(404);
    expect(res.body.error.fields[0].field).toBe('params.id');
    const unknown = await api().get('/api/companies/00000000-0000-4000-8000-000000000000/timeline');
    expect(unknown.status).toBe(404);
    expect((await apiAs(t.app).get(`/api/companies/${theirs.id}/timeline`)).status).toBe(401);
  });
});
