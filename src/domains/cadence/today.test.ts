import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildTier } from './factories.ts';
import { dueFixtures } from './test-data.ts';

let t: TestApp;
let owner: TestUser;
let colleague: TestUser;
let stranger: TestUser;
let api: Api;
let fx: ReturnType<typeof dueFixtures>;
let tiers: Record<'a' | 'b' | 'news' | 'none', string>;

const today = todayUtc();
type Item = {
  contact: { id: string; name: string };
  reason: string;
  overdueDays: number;
  score: number;
  rankReason: string;
  dueAt: string;
};
const ids = (body: { items: Item[] }) => body.items.map((i) => i.contact.id);

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Today Co' });
  colleague = await buildUser(t.store.db, { workspace: 'Today Co', role: 'member' });
  stranger = await buildUser(t.store.db, { workspace: 'Other Co' });
  api = apiAs(t.app, owner.token);
  fx = dueFixtures(t.store.db, owner.workspaceId);
  const db = t.store.db;
  const ws = owner.workspaceId;
  tiers = {
    a: (await buildTier(db, ws, { name: 'A key', priority: 1, intervalDays: 14, channel: 'call' })).id,
    b: (await buildTier(db, ws, { name: 'B active', priority: 2, intervalDays: 42 })).id,
    news: (
      await buildTier(db, ws, { name: 'D long shot', priority: 4, intervalDays: null, channel: 'newsletter' })
    ).id,
    none: (await buildTier(db, ws, { name: 'Parked', priority: 5, intervalDays: null })).id,
  };
});
afterAll(() => t.close());

async function contact(overrides: Parameters<typeof buildContact>[2] = {}) {
  return buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId, ...overrides });
}

describe('who is due', () => {
  it('lists a never-contacted contact as due from its creation date', async () => {
    const c = await contact({ tierId: tiers.a });
    const res = await api.get(`/api/today?asOf=${today}`);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: Item) => i.contact.id === c.id);
    expect(item).toMatchObject({ reason: 'never_contacted', dueAt: today, overdueDays: 0 });
  });

  it("gives each row the contact's cadence: its own interval, else its tier's, else none", async () => {
    const byTier = await contact({ tierId: tiers.a });
    const own = await contact({ tierId: tiers.a, intervalDays: 5 });
    const parked = await contact({ tierId: tiers.none });
    await fx.step(parked.id, 0);
    const res = await api.get(`/api/today?asOf=${today}&limit=200`);
    const interval = (id: string) => res.body.items.find((i: Item) => i.contact.id === id)?.intervalDays;
    expect(interval(byTier.id)).toBe(14);
    expect(interval(own.id)).toBe(5);
    expect(interval(parked.id)).toBeNull();
  });

  it('puts a touched contact back on the list after its interval, overdue by the days since', async () => {
    const c = await contact({ tierId: tiers.a });
    const at = await fx.touch(c.id, 20);
    const res = await api.get(`/api/today?asOf=${today}`);
    const item = res.body.items.find((i: Item) => i.contact.id === c.id);
    expect(item).toMatchObject({ reason: 'cadence', dueAt: addDays(today, -6), overdueDays: 6 });
    expect(item.lastTouch).toEqual({
      kind: 'call',
      at: at.toISOString(),
      summary: 'Spoke about the renewal',
    });
  });

  it('lets an open next step win over the cadence, and a note never counts as a touch', async () => {
    const c = await contact({ tierId: tiers.b });
    await fx.touch(c.id, 1);
    await fx.step(c.id, 3, 'Call about pricing');
    await fx.touch(c.id, 0.5, 'note');
    expect(ids((await api.get(`/api/today?asOf=${today}`)).body)).not.toContain(c.id);
    const later = await api.get(`/api/today?asOf=${addDays(today, 3)}&limit=200`);
    const item = later.body.items.find((i: Item) => i.contact.id === c.id);
    expect(item).toMatchObject({ reason: 'next_step', dueAt: addDays(today, 3), overdueDays: 0 });
    expect(item.nextStep).toMatchObject({ action: 'Call about pricing', dueAt: addDays(today, 3) });
    const [row] = await t.store.db.select().from(contacts).where(eq(contacts.id, c.id));
    expect(row?.lastTouchAt?.getTime()).toBeLessThan(Date.now() - 0.9 * 86_400_000);
  });

  it('excludes do-not-contact, archived, snoozed and newsletter-only contacts', async () => {
    const dnc = await contact({ tierId: tiers.a, doNotContact: true });
    const archived = await contact({ tierId: tiers.a, archived: true });
    const snoozed = await contact({ tierId: tiers.a, snoozedUntil: addDays(today, 5) });
    const news = await contact({ tierId: tiers.news });
    const newsWithStep = await contact({ tierId: tiers.news });
    await fx.step(newsWithStep.id, -1);
    const list = ids((await api.get(`/api/today?asOf=${today}&limit=200`)).body);
    expect(list).not.toContain(dnc.id);
    expect(list).not.toContain(archived.id);
    expect(list).not.toContain(snoozed.id);
    expect(list).not.toContain(news.id);
    expect(list).toContain(newsWithStep.id);
    // A snooze ends on its date: the contact is back, as overdue as it really is.
    const back = await api.get(`/api/today?asOf=${addDays(today, 5)}&limit=200`);
    expect(back.body.items.find((i: Item) => i.contact.id === snoozed.id)?.overdueDays).toBe(5);
  });

  it('lists orphans separately and counts them on Today', async () => {
    const before = (await api.get(`/api/today?asOf=${today}`)).body.counts.orphans;
    const noTier = await contact({ tierId: null });
    const parked = await contact({ tierId: tiers.none });
    const overridden = await contact({ tierId: null, intervalDays: 30 });
    const news = await contact({ tierId: tiers.news });
    const res = await api.get(`/api/today?asOf=${today}&limit=200`);
    expect(res.body.counts.orphans).toBe(before + 2);
    expect(ids(res.body)).not.toContain(noTier.id);
    expect(ids(res.body)).toContain(overridden.id);
    const orphans = await api.get('/api/orphans?limit=200');
    expect(orphans.status).toBe(200);
    const orphanIds = orphans.body.items.map((o: { id: string }) => o.id);
    expect(orphanIds).toEqual(expect.arrayContaining([noTier.id, parked.id]));
    expect(orphanIds).not.toContain(overridden.id);
    expect(orphanIds).not.toContain(news.id);
    // Giving an orphan a next step gives it a plan.
    await fx.step(noTier.id, 0);
    const after = await api.get('/api/orphans?limit=200');
    expect(after.body.items.map((o: { id: string }) => o.id)).not.toContain(noTier.id);
  });
});

describe('ranking', () => {
  it('ranks a more overdue contact higher within a tier, and a more important tier higher at the same ratio', async () => {
    const ws = await buildUser(t.store.db, { workspace: 'Ranking Co' });
    const f = dueFixtures(t.store.db, ws.workspaceId);
    const a = await buildTier(t.store.db, ws.workspaceId, { priority: 1, intervalDays: 10 });
    const c = await buildTier(t.store.db, ws.workspaceId, { priority: 3, intervalDays: 20 });
    const mk = (tierId: string) => buildContact(t.store.db, ws.workspaceId, { tierId, ownerId: ws.userId });
    const aLittle = await mk(a.id);
    const aLot = await mk(a.id);
    const cSameRatio = await mk(c.id);
    await f.touch(aLittle.id, 12); // 2 days over a 10-day interval: ratio 0.2
    await f.touch(aLot.id, 15); // ratio 0.5
    await f.touch(cSameRatio.id, 30); // 10 days over 20: ratio 0.5, less important tier
    const res = await apiAs(t.app, ws.token).get(`/api/today?asOf=${today}`);
    // Scores: aLot 5 × (1 + 3 × 5/15) = 10, aLittle 5 × (1 + 3 × 2/12) = 7.5, cSameRatio 3 × (1 + 3 × 10/30) = 6.
    expect(ids(res.body)).toEqual([aLot.id, aLittle.id, cSameRatio.id]);
    const byId = new Map(
      res.body.items.map((i: Item & { scoreParts: Record<string, number> }) => [i.contact.id, i]),
    );
    const lot = byId.get(aLot.id) as Item & { scoreParts: Record<string, number> };
    expect(lot.scoreParts).toMatchObject({
      priorityWeight: 5,
      overdueDays: 5,
      referenceDays: 10,
      overdueRatio: 0.5,
    });
    expect(lot.score).toBeCloseTo(10);
    expect(lot.rankReason).toBe(`${a.name}, 5 days late on a 10-day rhythm`);
    expect(lot.score).toBeGreaterThan((byId.get(aLittle.id) as Item).score);
    expect(lot.score).toBeGreaterThan((byId.get(cSameRatio.id) as Item).score);
    expect((byId.get(cSameRatio.id) as Item).score).toBeCloseTo(6);
  });

  it('lets lateness saturate: a contact years late without a tier stays below a late key account', async () => {
    const ws = await buildUser(t.store.db, { workspace: 'Saturation Co' });
    const f = dueFixtures(t.store.db, ws.workspaceId);
    const key = await buildTier(t.store.db, ws.workspaceId, {
      name: 'Key account',
      priority: 1,
      intervalDays: 14,
    });
    const keyLate = await buildContact(t.store.db, ws.workspaceId, { tierId: key.id, ownerId: ws.userId });
    const forgotten = await buildContact(t.store.db, ws.workspaceId, {
      intervalDays: 14,
      ownerId: ws.userId,
    });
    await f.touch(keyLate.id, 15); // 1 day late on 14
    await f.touch(forgotten.id, 3 * 365); // three years late, no tier
    const res = await apiAs(t.app, ws.token).get(`/api/today?asOf=${today}`);
    expect(ids(res.body)).toEqual([keyLate.id, forgotten.id]);
    expect(res.body.items.map((i: { rankReason: string }) => i.rankReason)).toEqual([
      'Key account, 1 day late on a 14-day rhythm',
      `No tier, ${3 * 365 - 14} days late on a 14-day rhythm`,
    ]);
  });

  it.each(['me', 'all'])('pages owner=%s with a cursor, without gaps or repeats', async (who) => {
    const ws = await buildUser(t.store.db, { workspace: `Paging ${who} Co` });
    const tier = await buildTier(t.store.db, ws.workspaceId, { priority: 2, intervalDays: 7 });
    const f = dueFixtures(t.store.db, ws.workspaceId);
    const made = new Set<string>();
    for (let i = 0; i < 13; i++) {
      const c = await buildContact(t.store.db, ws.workspaceId, { tierId: tier.id, ownerId: ws.userId });
      await f.touch(c.id, 7 + (i % 4));
      made.add(c.id);
    }
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Item[]; nextCursor: string | null; counts: { due: number } } } =
        await apiAs(t.app, ws.token).get(
          `/api/today?asOf=${today}&owner=${who}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
      expect(page.body.counts.due).toBe(13);
      seen.push(...ids(page.body));
      scores.push(...page.body.items.map((i) => i.score));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(13);
    expect(new Set(seen)).toEqual(made);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });
});

describe('owners, dates and talking points', () => {
  it('filters by owner (me, all, a user id) and counts due and overdue', async () => {
    const mine = await contact({ tierId: tiers.a });
    await fx.touch(mine.id, 16);
    const theirs = await buildContact(t.store.db, owner.workspaceId, {
      tierId: tiers.a,
      ownerId: colleague.userId,
    });
    const me = await api.get(`/api/today?asOf=${today}&limit=200`);
    expect(ids(me.body)).toContain(mine.id);
    expect(ids(me.body)).not.toContain(theirs.id);
    expect(me.body.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(me.body.counts.due).toBe(me.body.items.length);
    const all = await api.get(`/api/today?asOf=${today}&owner=all&limit=200`);
    expect(ids(all.body)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const their = await api.get(`/api/today?asOf=${today}&owner=${colleague.userId}&limit=200`);
    expect(ids(their.body)).toEqual([theirs.id]);
  });

  it('keeps the counts right when a contact changes owner, loses its owner or is deleted', async () => {
    const counts = async (who: string) =>
      (await api.get(`/api/today?asOf=${today}&owner=${who}&limit=1`)).body.counts;
    const [mine0, theirs0, all0] = [await counts('me'), await counts(colleague.userId), await counts('all')];
    const c = await contact({ tierId: tiers.a });
    await fx.touch(c.id, 20); // 6 days overdue
    expect(await counts('me')).toMatchObject({ due: mine0.due + 1, overdue: mine0.overdue + 1 });

    expect((await api.patch(`/api/contacts/${c.id}`, { ownerId: colleague.userId })).status).toBe(200);
    expect(await counts('me')).toMatchObject({ due: mine0.due, overdue: mine0.overdue });
    expect(await counts(colleague.userId)).toMatchObject({
      due: theirs0.due + 1,
      overdue: theirs0.overdue + 1,
    });

    expect((await api.patch(`/api/contacts/${c.id}`, { ownerId: null })).status).toBe(200);
    expect(await counts(colleague.userId)).toMatchObject({ due: theirs0.due });
    expect(await counts('all')).toMatchObject({ due: all0.due + 1, overdue: all0.overdue + 1 });

    expect((await api.delete(`/api/contacts/${c.id}`)).status).toBe(204);
    expect(await counts('all')).toMatchObject({ due: all0.due, overdue: all0.overdue });
  });

  it("says how to reach each person, in the tier's channel, and whose contact it is", async () => {
    const ws = await buildUser(t.store.db, { workspace: 'Reach Co' });
    const callTier = await buildTier(t.store.db, ws.workspaceId, { channel: 'call', intervalDays: 14 });
    const called = await buildContact(t.store.db, ws.workspaceId, {
      tierId: callTier.id,
      ownerId: ws.userId,
      email: 'ada@reach.test',
      phones: [{ label: 'mobile', number: '+44 20 7946 0018' }],
    });
    const loose = await buildContact(t.store.db, ws.workspaceId, { intervalDays: 30, email: null });
    const res = await apiAs(t.app, ws.token).get(`/api/today?asOf=${today}&owner=all`);
    const byId = new Map(res.body.items.map((i: { contact: { id: string } }) => [i.contact.id, i]));
    expect(byId.get(called.id)).toMatchObject({
      owner: { id: ws.userId },
      reach: { channel: 'call', phone: '+44 20 7946 0018', email: 'ada@reach.test' },
    });
    expect(byId.get(loose.id)).toMatchObject({
      owner: null,
      reach: { channel: 'any', phone: null, email: null },
    });
  });

  it('plans ahead: a contact due later appears on the date it is due', async () => {
    const c = await contact({ tierId: tiers.a });
    await fx.touch(c.id, 4);
    expect(ids((await api.get(`/api/today?asOf=${today}&limit=200`)).body)).not.toContain(c.id);
    expect(ids((await api.get(`/api/today?asOf=${addDays(today, 9)}&limit=200`)).body)).not.toContain(c.id);
    const due = await api.get(`/api/today?asOf=${addDays(today, 10)}&limit=200`);
    expect(due.body.items.find((i: Item) => i.contact.id === c.id)).toMatchObject({
      overdueDays: 0,
      reason: 'cadence',
    });
  });

  it('shows reminders and upcoming birthdays as talking points', async () => {
    const bday = addDays(today, 3);
    const c = await contact({ tierId: tiers.a, birthday: `1984-${bday.slice(5)}` });
    await fx.fact(c.id, 'Training for the Berlin marathon', 2);
    await fx.fact(c.id, 'Two kids, Emma and Leo');
    const res = await api.get(`/api/today?asOf=${today}&limit=200`);
    const item = res.body.items.find((i: Item) => i.contact.id === c.id);
    expect(item.talkingPoints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'fact', text: 'Training for the Berlin marathon' }),
        expect.objectContaining({ kind: 'birthday', inDays: 3 }),
      ]),
    );
    expect(item.talkingPoints.map((p: { text?: string }) => p.text)).not.toContain('Two kids, Emma and Leo');
  });

  it('rejects a bad date, an unknown owner and a bad cursor, naming the field', async () => {
    const bad = await api.get('/api/today?asOf=2026-13-45');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.asOf');
    const owner404 = await api.get(`/api/today?owner=${stranger.userId}`);
    expect(owner404.status).toBe(404);
    expect(owner404.body.error.fields[0].field).toBe('query.owner');
    const cursor = await api.get('/api/today?cursor=bogus');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.fields[0].field).toBe('query.cursor');
    expect((await api.get('/api/today?limit=0')).status).toBe(400);
    expect((await apiAs(t.app).get('/api/today')).status).toBe(401);
    expect((await apiAs(t.app).get('/api/orphans')).status).toBe(401);
  });

  it("never shows another workspace's contacts", async () => {
    await contact({ tierId: tiers.a });
    const theirs = await apiAs(t.app, stranger.token).get(
      `/api/today?asOf=${addDays(today, 400)}&owner=all&limit=200`,
    );
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect(theirs.body.counts).toEqual({ due: 0, overdue: 0, orphans: 0 });
    expect((await apiAs(t.app, stranger.token).get('/api/orphans?owner=all')).body.items).toEqual([]);
  });
});
