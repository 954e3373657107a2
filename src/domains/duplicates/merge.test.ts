import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildTier } from '../cadence/factories.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildFact } from '../facts/factories.ts';
import { buildInteraction } from '../interactions/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { MERGE_PARTS } from './merge-parts.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  member = await buildUser(t.store.db, { workspace: 'Acme', role: 'member' });
});
afterAll(() => t.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

describe('POST /api/contacts/:id/merge', () => {
  it('moves everything to the survivor, fills its gaps, recomputes its due state, and the other id is gone', async () => {
    const db = t.store.db;
    const ws = owner.workspaceId;
    const tier = await buildTier(db, ws, { name: 'Merge tier', intervalDays: 30 });
    const company = await buildCompany(db, ws, { name: 'Umbrella' });
    const kept = await buildContact(db, ws, {
      firstName: 'Jill',
      lastName: 'Valentine',
      email: 'jill@umbrella.test',
      phones: [{ label: 'mobile', number: '+1 555 0100 200' }],
      tags: ['vip', 'stars'],
      tierId: tier.id,
      ownerId: member.userId,
      createdAt: daysAgo(10),
    });
    const gone = await buildContact(db, ws, {
      firstName: 'J.',
      lastName: 'Valentine',
      email: 'jill.v@home.test',
      phones: [
        { label: 'work', number: '(555) 0100-200' },
        { label: 'home', number: '555 0199' },
      ],
      tags: ['stars', 'raccoon'],
      title: 'Officer',
      companyId: company.id,
      linkedinUrl: 'https://linkedin.com/in/jillv',
      birthday: '1974-02-14',
      doNotContact: false,
      ownerId: member.userId,
      createdAt: daysAgo(400),
    });
    const other = await buildContact(db, ws, { firstName: 'Chris', lastName: 'Redfield' });
    // One interaction with both, one with only the duplicate (the latest touch), a next step and facts.
    const shared = await buildInteraction(db, ws, {
      contactIds: [kept.id, gone.id],
      occurredAt: daysAgo(20),
    });
    const lastTouch = daysAgo(2);
    const theirs = await buildInteraction(db, ws, { contactIds: [gone.id, other.id], occurredAt: lastTouch });
    const api = apiAs(t.app, member.token);
    const step = (
      await api.post('/api/next-steps', {
        contactId: gone.id,
        action: 'Send the dossier',
        dueAt: addDays(todayUtc(), 5),
      })
    ).body;
    const fact = await buildFact(db, ws, { contactId: gone.id, text: 'Plays piano' });
    const secret = await buildFact(db, ws, {
      contactId: gone.id,
      text: 'Private',
      isPrivate: true,
      createdBy: owner.userId,
    });
    await api.post('/api/duplicates/dismiss', { contactIds: [gone.id, other.id] });

    const res = await api.post(`/api/contacts/${kept.id}/merge`, { duplicateId: gone.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: kept.id,
      firstName: 'Jill',
      lastName: 'Valentine',
      emails: ['jill@umbrella.test', 'jill.v@home.test'],
      phones: [
        { label: 'mobile', number: '+1 555 0100 200' },
        { label: 'home', number: '555 0199' },
      ],
      tags: ['vip', 'stars', 'raccoon'],
      title: 'Officer',
      companyId: company.id,
      tierId: tier.id,
      linkedinUrl: 'https://linkedin.com/in/jillv',
      birthday: '1974-02-14',
      createdAt: new Date(gone.createdAt).toISOString(),
      // The open next step now drives the survivor's due date.
      nextDueAt: addDays(todayUtc(), 5),
      dueReason: 'next_step',
    });
    // Its last touch is the duplicate's latest one.
    expect(res.body.lastTouchAt).toBe(lastTouch.toISOString());

    expect((await api.get(`/api/contacts/${gone.id}`)).status).toBe(404);
    expect(
      (await api.get(`/api/interactions/${shared.interaction.id}`)).body.contacts.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([kept.id]);
    const theirsNow = (await api.get(`/api/interactions/${theirs.interaction.id}`)).body;
    expect(theirsNow.contacts.map((c: { id: string }) => c.id).sort()).toEqual([kept.id, other.id].sort());
    const steps = (await api.get(`/api/next-steps?contactId=${kept.id}`)).body.items;
    expect(steps.map((s: { id: string }) => s.id)).toEqual([step.id]);
    const factRows = await queryRows<{ id: string; contact_id: string }>(
      db,
      sql`select id, contact_id from facts where id = any(${sql.param([fact.id, secret.id])}::uuid[])`,
    );
    expect(factRows.every((f) => f.contact_id === kept.id)).toBe(true);
    // The private fact stays hidden from the member who merged.
    const facts = (await api.get(`/api/contacts/${kept.id}/facts`)).body.items.map(
      (f: { text: string }) => f.text,
    );
    expect(facts).toEqual(['Plays piano']);
    // The dismissed pair now belongs to the survivor.
    const dismissed = await queryRows<{ a: string; b: string }>(
      db,
      sql`select contact_a_id as a, contact_b_id as b from duplicate_dismissals where workspace_id = ${ws}::uuid`,
    );
    expect(dismissed).toEqual([{ a: [kept.id, other.id].sort()[0], b: [kept.id, other.id].sort()[1] }]);
    // Search finds the survivor by the duplicate's email.
    const found = (await api.get('/api/contacts?q=jill.v@home.test')).body.items.map(
      (c: { id: string }) => c.id,
    );
    expect(found).toEqual([kept.id]);

    const audit = await queryRows<{ entity_id: string; changes: Record<string, unknown> }>(
      db,
      sql`select entity_id, changes from audit_log where workspace_id = ${ws}::uuid and action = 'merge' order by entity_id`,
    );
    expect(audit).toHaveLength(2);
    const onKept = audit.find((a) => a.entity_id === kept.id)!;
    expect(onKept.changes).toMatchObject({
      merged: { id: gone.id, name: 'J. Valentine' },
      // One interaction link (the shared one was already the survivor's) and one next step.
      moved: { interactions: 2, facts: 2 },
    });
    expect(onKept.changes.filled).toEqual(
      expect.arrayContaining(['title', 'companyId', 'linkedinUrl', 'birthday']),
    );
    expect(audit.find((a) => a.entity_id === gone.id)!.changes).toEqual({
      into: { id: kept.id, name: 'Jill Valentine' },
    });
  });

  it('keeps a do-not-contact from either contact', async () => {
    const ws = owner.workspaceId;
    const kept = await buildContact(t.store.db, ws);
    const gone = await buildContact(t.store.db, ws, { doNotContact: true });
    const res = await apiAs(t.app, owner.token).post(`/api/contacts/${kept.id}/merge`, {
      duplicateId: gone.id,
    });
    expect(res.body.doNotContact).toBe(true);
  });

  it('lets a member merge away only a contact they own, and refuses bad ids naming the field, writing nothing', async () => {
    const ws = owner.workspaceId;
    const mine = await buildContact(t.store.db, ws, { ownerId: member.userId });
    const notMine = await buildContact(t.store.db, ws, { ownerId: owner.userId });
    const api = apiAs(t.app, member.token);
    const refused = await api.post(`/api/contacts/${mine.id}/merge`, { duplicateId: notMine.id });
    expect(refused.status).toBe(403);
    expect((await api.get(`/api/contacts/${notMine.id}`)).status).toBe(200);
    const self = await api.post(`/api/contacts/${mine.id}/merge`, { duplicateId: mine.id });
    expect([self.status, self.body.error.fields[0].field]).toEqual([400, 'body.duplicateId']);
    const unknown = await api.post(`/api/contacts/${mine.id}/merge`, {
      duplicateId: '00000000-0000-4000-8000-000000000000',
    });
    expect([unknown.status, unknown.body.error.fields[0].field]).toEqual([404, 'body.duplicateId']);
    const noTarget = await api.post(`/api/contacts/00000000-0000-4000-8000-000000000000/merge`, {
      duplicateId: mine.id,
    });
    expect([noTarget.status, noTarget.body.error.fields[0].field]).toEqual([404, 'params.id']);
    expect((await api.get(`/api/contacts/${mine.id}`)).status).toBe(200);
    // The survivor may be anyone's: a member merges their own contact into a colleague's.
    const merged = await api.post(`/api/contacts/${notMine.id}/merge`, { duplicateId: mine.id });
    expect(merged.status).toBe(200);
    expect(merged.body.ownerId).toBe(owner.userId);
  });
});

describe('the merge registry', () => {
  it('has a part for every table that references a contact', async () => {
    const referencing = await queryRows<{ table: string }>(
      t.store.db,
      sql`select distinct conrelid::regclass::text as table from pg_constraint
          where contype = 'f' and confrelid = 'contacts'::regclass and conrelid <> 'contacts'::regclass`,
    );
    const moved = new Set(['contact_emails', ...MERGE_PARTS.flatMap((p) => p.tables)]);
    expect(referencing.map((r) => r.table).filter((table) => !moved.has(table))).toEqual([]);
  });
});
