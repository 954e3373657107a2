import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openSecondApp, openTestApp, type TestApp } from '../../test/http.ts';
import { contacts } from '../contacts/schema.ts';
import { buildUser } from '../workspaces/factories.ts';
import { users } from '../workspaces/schema.ts';

// Team changes racing each other through two app instances (two connection pools) on one PostgreSQL
// database. PGlite runs one statement at a time, so only PostgreSQL can show these races.

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('team changes under concurrent requests (PostgreSQL, two app instances)', () => {
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    one = await openTestApp({ poolSize: 8 });
    two = await openSecondApp(one, { poolSize: 8 });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('keeps an owner when two owners demote each other at once', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await buildUser(one.store.db, { workspace: `Duel ${round}` });
      const b = await buildUser(one.store.db, { workspace: `Duel ${round}`, role: 'owner' });
      const answers = await Promise.all([
        apiAs(one.app, a.token).patch(`/api/users/${b.userId}`, { role: 'admin' }),
        apiAs(two.app, b.token).patch(`/api/users/${a.userId}`, { role: 'admin' }),
      ]);
      // The loser is refused either as the last owner's demotion (409) or, when its credential was read
      // after the winner committed, as an admin changing an owner (403).
      const [won, lost] = answers.map((r) => r.status).sort();
      expect(won).toBe(200);
      expect(lost).toBeOneOf([403, 409]);
      const owners = await one.store.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.workspaceId, a.workspaceId), eq(users.role, 'owner')));
      expect(owners).toHaveLength(1);
    }
  });

  it('leaves no contact with a deactivated user when contacts are given to them meanwhile', async () => {
    const owner = await buildUser(one.store.db, { workspace: 'Handover' });
    const leaving = await buildUser(one.store.db, { workspace: 'Handover', role: 'member' });
    const heir = await buildUser(one.store.db, { workspace: 'Handover', role: 'member' });
    const apis = [apiAs(one.app, owner.token), apiAs(two.app, owner.token)];
    const creates = Array.from({ length: 12 }, (_, i) =>
      apis[i % 2]!.post('/api/contacts', { firstName: `Racer ${i}`, ownerId: leaving.userId }),
    );
    const deactivation = apis[0]!.patch(`/api/users/${leaving.userId}`, {
      active: false,
      reassignTo: heir.userId,
    });
    const [done, ...created] = await Promise.all([deactivation, ...creates]);
    expect(done.status).toBe(200);
    for (const res of created) expect(res.status, JSON.stringify(res.body)).toBeOneOf([201, 400]);
    const left = await one.store.db.$count(
      contacts,
      and(eq(contacts.workspaceId, owner.workspaceId), eq(contacts.ownerId, leaving.userId)),
    );
    expect(left).toBe(0);
    const kept = created.filter((r) => r.status === 201).length;
    const withHeir = await one.store.db.$count(
      contacts,
      and(eq(contacts.workspaceId, owner.workspaceId), eq(contacts.ownerId, heir.userId)),
    );
    expect(withHeir).toBe(kept);
  });
});
