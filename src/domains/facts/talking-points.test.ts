import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { openTestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser } from '../workspaces/factories.ts';
import { facts } from './schema.ts';
import { nextBirthday, TalkingPointOutput, talkingPointsFor } from './talking-points.ts';

type Store = Awaited<ReturnType<typeof openTestStore>>;
let store: Store;
let db: Db;
let workspaceId: string;

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
  workspaceId = (await buildUser(db)).workspaceId;
});
afterAll(() => store.close());

let clock = Date.parse('2030-01-01T00:00:00Z');
/** Adds facts in the order given, each created a minute after the last, so "newest" is unambiguous. */
async function addFacts(contactId: string, rows: { text: string; remindOn?: string }[], ws = workspaceId) {
  for (const row of rows) {
    clock += 60_000;
    await db.insert(facts).values({ workspaceId: ws, contactId, createdAt: new Date(clock), ...row });
  }
}
const texts = (points: { kind: string; text?: string }[] | undefined) =>
  (points ?? []).map((p) => (p.kind === 'fact' ? p.text : p.kind));

describe('talkingPointsFor: facts', () => {
  it('brings up facts whose remind date is within 7 days either side, not 8', async () => {
    const c = await buildContact(db, workspaceId);
    await addFacts(c.id, [
      { text: '-8', remindOn: '2030-06-07' },
      { text: '-7', remindOn: '2030-06-08' },
      { text: 'same day', remindOn: '2030-06-15' },
      { text: '+7', remindOn: '2030-06-22' },
      { text: '+8', remindOn: '2030-06-23' },
      { text: 'undated' },
    ]);
    const points = await talkingPointsFor({ db, workspaceId, contactIds: [c.id], asOf: '2030-06-15' });
    expect(texts(points.get(c.id))).toEqual(['-7', 'same day', '+7']);
    expect(points.get(c.id)?.[0]).toEqual({
      kind: 'fact',
      factId: expect.any(String),
      text: '-7',
      remindOn: '2030-06-08',
    });
  });

  it('falls back to the 3 newest facts, newest first, when none is timely', async () => {
    const c = await buildContact(db, workspaceId);
    await addFacts(c.id, [
      { text: 'first' },
      { text: 'second', remindOn: '2030-01-01' },
      { text: 'third' },
      { text: 'fourth', remindOn: '2031-01-01' },
      { text: 'fifth' },
    ]);
    const points = await talkingPointsFor({ db, workspaceId, contactIds: [c.id], asOf: '2030-06-15' });
    expect(texts(points.get(c.id))).toEqual(['fifth', 'fourth', 'third']);
  });

  it("answers every contact (empty when it has nothing) and never another workspace's facts", async () => {
    const quiet = await buildContact(db, workspaceId);
    const other = await buildUser(db);
    const foreign = await buildContact(db, other.workspaceId, { birthday: '1990-06-16' });
    await addFacts(foreign.id, [{ text: 'foreign' }], other.workspaceId);
    const points = await talkingPointsFor({
      db,
      workspaceId,
      contactIds: [quiet.id, foreign.id],
      asOf: '2030-06-15',
    });
    expect(points.get(quiet.id)).toEqual([]);
    expect(points.get(foreign.id)).toEqual([]);
    expect((await talkingPointsFor({ db, workspaceId, contactIds: [], asOf: '2030-06-15' })).size).toBe(0);
  });

  it('uses the same small number of queries for 1 or 40 contacts', async () => {
    let queries = 0;
    const logger = { logQuery: () => void queries++ };
    const counting = (store.kind === 'pglite'
      ? drizzlePglite(store.raw as unknown as PGlite, { schema, logger })
      : drizzlePg(store.raw as unknown as pg.Pool, { schema, logger })) as unknown as Db;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const c = await buildContact(db, workspaceId, { birthday: '1980-06-20' });
      await addFacts(
        c.id,
        i % 2 ? [{ text: `timely ${i}`, remindOn: '2030-06-14' }] : [{ text: `plain ${i}` }],
      );
      ids.push(c.id);
    }
    await talkingPointsFor({ db: counting, workspaceId, contactIds: ids.slice(0, 1), asOf: '2030-06-15' });
    const forOne = queries;
    queries = 0;
    const points = await talkingPointsFor({ db: counting, workspaceId, contactIds: ids, asOf: '2030-06-15' });
    expect(queries).toBe(forOne);
    expect(forOne).toBeGreaterThan(0);
    expect(queries).toBeLessThanOrEqual(3);
    expect(texts(points.get(ids[1]!))).toEqual(['birthday', 'timely 1']);
    expect(texts(points.get(ids[2]!))).toEqual(['birthday', 'plain 2']);
  });
});

describe('talkingPointsFor: birthdays', () => {
  const birthdayPoint = async (birthday: string, asOf: string) => {
    const c = await buildContact(db, workspaceId, { birthday });
    const points = (await talkingPointsFor({ db, workspaceId, contactIds: [c.id], asOf })).get(c.id) ?? [];
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
    const c = await buildContact(db, workspaceId, { birthday: '1975-07-01' });
    await addFacts(c.id, [{ text: 'Training for a marathon' }]);
    const points = await talkingPointsFor({ db, workspaceId, contactIds: [c.id], asOf: '2030-06-30' });
    expect(points.get(c.id)).toEqual([
      { kind: 'birthday', date: '2030-07-01', inDays: 1 },
      { kind: 'fact', factId: expect.any(String), text: 'Training for a marathon', remindOn: null },
    ]);
  });
});
