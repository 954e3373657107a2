import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

// A private note or fact is seen by its author only: never by a teammate, admins and owners included, in any
// answer: the item itself, timelines, fact lists, Today's talking points, and the audit log's text.

let t: TestApp;
let author: TestUser;
let others: Record<'owner' | 'admin' | 'member', Api>;
let mine: Api;
let contactId: string;
let companyId: string;
let noteId: string;
let sharedNoteId: string;
let factId: string;
const SECRET = 'Going through a divorce';

beforeAll(async () => {
  t = await openTestApp();
  const boss = await buildUser(t.store.db, { workspace: 'Private Co', role: 'owner' });
  author = await buildUser(t.store.db, { workspace: 'Private Co', role: 'member' });
  const admin = await buildUser(t.store.db, { workspace: 'Private Co', role: 'admin' });
  const member = await buildUser(t.store.db, { workspace: 'Private Co', role: 'member' });
  others = {
    owner: apiAs(t.app, boss.token),
    admin: apiAs(t.app, admin.token),
    member: apiAs(t.app, member.token),
  };
  mine = apiAs(t.app, author.token);
  const company = await buildCompany(t.store.db, author.workspaceId);
  companyId = company.id;
  const contact = await buildContact(t.store.db, author.workspaceId, {
    companyId,
    intervalDays: 7,
    ownerId: author.userId,
  });
  contactId = contact.id;
  const note = await mine.post('/api/interactions', {
    contactIds: [contactId],
    kind: 'note',
    summary: SECRET,
    private: true,
  });
  expect(note.status).toBe(201);
  expect(note.body.interaction.private).toBe(true);
  noteId = note.body.interaction.id;
  const shared = await mine.post('/api/interactions', {
    contactIds: [contactId],
    kind: 'note',
    summary: 'Likes golf',
  });
  sharedNoteId = shared.body.interaction.id;
  const fact = await mine.post(`/api/contacts/${contactId}/facts`, {
    text: SECRET,
    remindOn: todayUtc(),
    private: true,
  });
  expect(fact.status).toBe(201);
  factId = fact.body.id;
});
afterAll(() => t.close());

describe('private notes and facts', () => {
  it('shows them to their author everywhere', async () => {
    expect((await mine.get(`/api/interactions/${noteId}`)).body.summary).toBe(SECRET);
    const timeline = await mine.get(`/api/contacts/${contactId}/timeline`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toContain(noteId);
    const facts = await mine.get(`/api/contacts/${contactId}/facts`);
    expect(facts.body.items.map((f: { id: string }) => f.id)).toEqual([factId]);
    const today = await mine.get(`/api/today?owner=all&asOf=${addDays(todayUtc(), 30)}`);
    const row = today.body.items.find((i: { contact: { id: string } }) => i.contact.id === contactId);
    expect(row.talkingPoints.map((p: { text?: string }) => p.text)).toContain(SECRET);
  });

  it.each(['owner', 'admin', 'member'] as const)(
    'hides them from a teammate (%s) in every answer',
    async (who) => {
      const api = others[who];
      expect((await api.get(`/api/interactions/${noteId}`)).status).toBe(404);
      expect((await api.patch(`/api/interactions/${noteId}`, { summary: 'x' })).status).toBe(404);
      expect((await api.delete(`/api/interactions/${noteId}`)).status).toBe(404);
      for (const url of [`/api/contacts/${contactId}/timeline`, `/api/companies/${companyId}/timeline`]) {
        const page = await api.get(url);
        expect(page.status).toBe(200);
        expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([sharedNoteId]);
      }
      expect((await api.get(`/api/contacts/${contactId}/facts`)).body.items).toEqual([]);
      expect((await api.patch(`/api/facts/${factId}`, { text: 'x' })).status).toBe(404);
      expect((await api.delete(`/api/facts/${factId}`)).status).toBe(404);
      const today = await api.get(`/api/today?owner=all&asOf=${addDays(todayUtc(), 30)}`);
      const row = today.body.items.find((i: { contact: { id: string } }) => i.contact.id === contactId);
      expect(JSON.stringify(row)).not.toContain(SECRET);
    },
  );

  it('keeps their text out of the audit log', async () => {
    const rows = await t.store.db
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, author.workspaceId)));
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });

  it('makes only a note private', async () => {
    const res = await mine.post('/api/interactions', {
      contactIds: [contactId],
      kind: 'email',
      summary: 'x',
      private: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('body.private');
  });
});

describe('what a member may delete', () => {
  it("deletes their own contacts, interactions, steps and facts, and not another's", async () => {
    const member = others.member;
    const theirs = await buildContact(t.store.db, author.workspaceId, { ownerId: author.userId });
    expect((await member.delete(`/api/contacts/${theirs.id}`)).status).toBe(403);
    const logged = await mine.post('/api/interactions', {
      contactIds: [theirs.id],
      kind: 'email',
      summary: 'Sent the deck',
      nextStep: { action: 'Call', dueAt: addDays(todayUtc(), 3) },
    });
    const fact = await mine.post(`/api/contacts/${theirs.id}/facts`, { text: 'Runs marathons' });
    expect((await member.delete(`/api/interactions/${logged.body.interaction.id}`)).status).toBe(403);
    expect((await member.delete(`/api/next-steps/${logged.body.nextSteps[0].id}`)).status).toBe(403);
    expect((await member.delete(`/api/facts/${fact.body.id}`)).status).toBe(403);
    // The author deletes what they wrote, and the contact they own.
    expect((await mine.delete(`/api/facts/${fact.body.id}`)).status).toBe(204);
    expect((await mine.delete(`/api/next-steps/${logged.body.nextSteps[0].id}`)).status).toBe(204);
    expect((await mine.delete(`/api/interactions/${logged.body.interaction.id}`)).status).toBe(204);
    expect((await mine.delete(`/api/contacts/${theirs.id}`)).status).toBe(204);
  });

  it('lets an admin delete anything shared, and only admins change tiers or delete companies', async () => {
    const contact = await buildContact(t.store.db, author.workspaceId, { ownerId: author.userId });
    expect((await others.admin.delete(`/api/contacts/${contact.id}`)).status).toBe(204);
    expect((await mine.post('/api/tiers', { name: 'Key', priority: 1, intervalDays: 14 })).status).toBe(403);
    const tier = await others.admin.post('/api/tiers', { name: 'Key', priority: 1, intervalDays: 14 });
    expect(tier.status).toBe(201);
    expect((await mine.patch(`/api/tiers/${tier.body.id}`, { intervalDays: 7 })).status).toBe(403);
    expect((await mine.delete(`/api/tiers/${tier.body.id}`)).status).toBe(403);
    const company = await buildCompany(t.store.db, author.workspaceId);
    expect((await mine.delete(`/api/companies/${company.id}`)).status).toBe(403);
    expect((await others.owner.delete(`/api/companies/${company.id}`)).status).toBe(204);
  });
});
