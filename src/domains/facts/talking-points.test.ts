import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { openTestStore } from '../../test/test-store.ts';
import { buildTier } from '../cadence/factories.ts';
import { findToday } from '../cadence/today.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser } from '../workspaces/factories.ts';
import { facts } from './schema.ts';
import { nextBirthday, TalkingPointOutput } from './talking-points.ts';

type Store = Awaited<ReturnType<typeof openTestStore>>;
let store: Store;
let db: Db;

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
});
afterAll(() => store.close());

let clock = Date.parse('2030-01-01T00:00:00Z');
/** Adds facts in the order given, each created a minute after the last, so "newest" is unambiguous. */
async function addFacts(workspaceId: string, contactId: string, rows: { text: string; remindOn?: string }[]) {
  for (const row of rows) {
    clock += 60_000;
    await db.insert(facts).values({ workspaceId, contactId, createdAt: new Date(clock), ...row });
  }
}
/** A contact with a cadence alone in a new workspace; never touched, so it is due on every later day. */
async function loneContact(overrides: { birthday?: string } = {}) {
  const { workspaceId } = await buildUser(db);
  const tier = await buildTier(db, workspaceId);
  const contact = await buildContact(db, workspaceId, { tierId: tier.id, ...overrides });
  return { workspaceId, contact, tierId: tier.id };
}
/** A reader who wrote none of the facts. */
const NOBODY = '00000000-0000-4000-8000-000000000000';
/** The talking points Today shows for each contact of a workspace on asOf. */
async function todayPoints(workspaceId: string, asOf: string) {
  const today = await findToday({ db, workspaceId, asOf, ownerId: null, actorId: NOBODY, limit: 200 });
  return new Map(today.rows.map((row) => [row.id, row.talkingPoints]));
}
const texts = (points: { kind: string; text?: string }[] | undefined) =>
  (points ?? []).map((p) => (p.kind === 'fact' ? p.text : p.kind));

describe('talking points on Today: facts', () => {
  it('brings up facts whose remind date is within 7 days either side, not 8', async () => {
    const { workspaceId, contact: c } = await loneContact();
    await addFacts(workspaceId, c.id, [
      { text: '-8', remindOn: '2030-06-07' },
      { text: '-7', remindOn: '2030-06-08' },
      { text: 'same day', remindOn: '2030-06-15' },
      { text: '+7', remindOn: '2030-06-22' },
      { text: '+8', remindOn: '2030-06-23' },
      { text: 'undated' },
    ]);
    const points = await todayPoints(workspaceId, '2030-06-15');
    expect(texts(points.get(c.id))).toEqual(['-7', 'same day', '+7']);
    expect(points.get(c.id)?.[0]).toEqual({
      kind: 'fact',
      factId: expect.any(String),
      text: '-7',
      remindOn: '2030-06-08',
    });
  });

  it('falls back to the 3 newest facts, newest first, when none is timely', async () => {
    const { workspaceId, contact: c } = await loneContact();
    await addFacts(workspaceId, c.id, [
      { text: 'first' },
      { text: 'second', remindOn: '2030-01-01' },
      { text: 'third' },
      { text: 'fourth', remindOn: '2031-01-01' },
      { text: 'fifth' },
    ]);
    const points = await todayPoints(workspaceId, '2030-06-15');
    expect(texts(points.get(c.id))).toEqual(['fifth', 'fourth', 'third']);
  });

  it("gives each contact its own points (none when it has nothing), never another workspace's", async () => {
    const { workspaceId, contact: quiet, tierId } = await loneContact();
    const talkative = await buildContact(db, workspaceId, { tierId });
    await addFacts(workspaceId, talkative.id, [{ text: 'mine' }]);
    const other = await loneContact({ birthday: '1990-06-16' });
    await addFacts(other.workspaceId, other.contact.id, [{ text: 'foreign' }]);
    const points = await todayPoints(workspaceId, '2030-06-15');
    expect([...points.keys()].sort()).toEqual([quiet.id, talkative.id].sort());
    expect(points.get(quiet.id)).toEqual([]);
    expect(texts(points.get(talkative.id))).toEqual(['mine']);
  });
});

describe('talking points on Today: birthdays', () => {
  const birthdayPoint = async (birthday: string, asOf: string) => {
    const { workspaceId, contact: c } = await loneContact({ birthday });
    const points = (await todayPoints(workspaceId, asOf)).get(c.id) ?? [];
    for (const p of points) TalkingPointOutput.parse(p);
    return points.find((p) => p.kind === 'birthday');
  };
  it('shows a birthday from today up to 14 days ahead, wrapping into next year', async () => {
    expect(await birthdayPoint('1980-12-25', '2030-12-25')).toEqual({
      kind: 'birthday',
      date: '2030-12-25',
      inDays: 0,
    });
    expect(await birthdayPoint('1980-01-05', '2030-12-25')).toEqual({
      kind: 'birthday',
      date: '2031-01-05',
      inDays: 11,
    });
    expect(await birthdayPoint('1980-01-08', '2030-12-25')).toEqual({
      kind: 'birthday',
      date: '2031-01-08',
      inDays: 14,
    });
    expect(await birthdayPoint('1980-01-09', '2030-12-25')).toBeUndefined();
    expect(await birthdayPoint('1980-12-24', '2030-12-25')).toBeUndefined();
  });

  it('puts a Feb 29 birthday on Feb 28 in years without Feb 29', async () => {
    expect(await birthdayPoint('1988-02-29', '2031-02-20')).toEqual({
      kind: 'birthday',
      date: '2031-02-28',
      inDays: 8,
    });
    expect(await birthdayPoint('1988-02-29', '2032-02-20')).toEqual({
      kind: 'birthday',
      date: '2032-02-29',
      inDays: 9,
    });
    expect(await birthdayPoint('1988-02-29', '2031-03-01')).toBeUndefined();
    expect(nextBirthday('1988-02-29', '2031-03-01')).toBe('2032-02-29');
    expect(nextBirthday('1988-02-29', '2099-03-01')).toBe('2100-02-28');
    expect(nextBirthday('1988-02-29', '2031-02-28')).toBe('2031-02-28');
  });

  it('lists the birthday before the facts', async () => {
    const { workspaceId, contact: c } = await loneContact({ birthday: '1975-07-01' });
    await addFacts(workspaceId, c.id, [{ text: 'Training for a marathon' }]);
    const points = await todayPoints(workspaceId, '2030-06-30');
    expect(points.get(c.id)).toEqual([
      { kind: 'birthday', date: '2030-07-01', inDays: 1 },
      { kind: 'fact', factId: expect.any(String), text: 'Training for a marathon', remindOn: null },
    ]);
  });
});
