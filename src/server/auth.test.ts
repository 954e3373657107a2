import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContact } from '../domains/contacts/factories.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../test/http.ts';

// What was revoked, ended or changed straight in the database applies to a credential's very next request,
// even one that has been used many times just before. Any way of remembering credentials must keep this.

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const TODAY = '/api/today?owner=me&asOf=2030-01-01';

/** A user with an API token and one contact on its Today list. */
async function todayReader() {
  const user = await buildUser(t.store.db);
  await buildContact(t.store.db, user.workspaceId, { ownerId: user.userId, intervalDays: 30 });
  return { user, api: apiAs(t.app, user.token) };
}

async function workspaceName(workspaceId: string): Promise<string> {
  const { rows } = await t.store.raw.query('select name from workspaces where id = $1', [workspaceId]);
  return (rows[0] as { name: string }).name;
}

const revokeTokensOf = (userId: string) =>
  t.store.db.execute(sql`update api_tokens set revoked_at = now() where user_id = ${userId}::uuid`);

/** Asks for `url` (answered `before`), revokes the user's tokens, and expects the same request to get a 401. */
async function expect401OnceRevoked(options: { api: Api; userId: string; url: string; before: number }) {
  expect((await options.api.get(options.url)).status).toBe(options.before);
  await revokeTokensOf(options.userId);
  const after = await options.api.get(options.url);
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('unauthenticated');
}

describe('a credential used before', () => {
  it('answers 401 on the very next request once its token is revoked, and sends none of the data', async () => {
    const { user, api } = await todayReader();
    expect((await api.get(TODAY)).status).toBe(200);
    expect((await api.get(TODAY)).body.items.length).toBe(1);
    await revokeTokensOf(user.userId);
    const after = await api.get(TODAY);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({
      error: { code: 'unauthenticated', message: 'The API token is invalid or revoked', fields: [] },
    });
  });

  it('answers 401, not the read’s own error, when a revoked token asks for something missing', async () => {
    const user = await buildUser(t.store.db);
    const api = apiAs(t.app, user.token);
    await expect401OnceRevoked({
      api,
      userId: user.userId,
      url: `/api/contacts/${randomUUID()}`,
      before: 404,
    });
  });

  it('answers 401 to a HEAD request too once its token is revoked', async () => {
    const user = await buildUser(t.store.db);
    const head = () =>
      t.app.inject({ method: 'HEAD', url: '/api/tiers', headers: { authorization: `Bearer ${user.token}` } });
    expect((await head()).statusCode).toBe(200);
    expect((await head()).statusCode).toBe(200);
    await revokeTokensOf(user.userId);
    expect((await head()).statusCode).toBe(401);
  });

  it('answers a 500 without the data when the credential cannot be checked, and recovers after', async () => {
    const { api } = await todayReader();
    expect((await api.get(TODAY)).status).toBe(200);
    // Both the lookup and Today's own statement (which checks a credential used before) read api_tokens.
    await t.store.db.execute(sql`alter table api_tokens rename to api_tokens_away`);
    try {
      const res = await api.get(TODAY);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side', fields: [] },
      });
    } finally {
      await t.store.db.execute(sql`alter table api_tokens_away rename to api_tokens`);
    }
    expect((await api.get(TODAY)).status).toBe(200);
  });

  it('answers 401 on the very next request once its session is deleted straight in the database', async () => {
    const user = await buildUser(t.store.db);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const session = login.cookies.find((c) => c.name === 'kith_session')!.value;
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { kith_session: session } });
    expect((await me()).statusCode).toBe(200);
    expect((await me()).json().id).toBe(user.userId);
    await t.store.db.execute(sql`delete from sessions where user_id = ${user.userId}::uuid`);
    expect((await me()).statusCode).toBe(401);
  });

  it('does not carry a reader’s old role into a write: a new viewer is refused at once', async () => {
    const member = await buildUser(t.store.db, { role: 'member' });
    const api = apiAs(t.app, member.token);
    expect((await api.get('/api/tiers')).status).toBe(200);
    expect((await api.get('/api/tiers')).status).toBe(200);
    await t.store.db.execute(sql`update users set role = 'viewer' where id = ${member.userId}::uuid`);
    expect((await api.get('/api/tiers')).status).toBe(200);
    expect((await api.post('/api/tiers', { name: 'A', priority: 1, intervalDays: 14 })).status).toBe(403);
  });
});

// Today is the hottest read; these hold however its credential is checked.
describe('Today, for a credential used just before', () => {
  it('answers 401, not 404, when a revoked token asks for an owner that does not exist', async () => {
    const { user, api } = await todayReader();
    expect((await api.get(TODAY)).status).toBe(200);
    const unknownOwner = `/api/today?owner=${randomUUID()}&asOf=2030-01-01`;
    await expect401OnceRevoked({ api, userId: user.userId, url: unknownOwner, before: 404 });
  });

  it('answers 401 on the very next request once the session behind the cookie is deleted', async () => {
    const { user } = await todayReader();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const session = login.cookies.find((c) => c.name === 'kith_session')!.value;
    const today = () => t.app.inject({ method: 'GET', url: TODAY, cookies: { kith_session: session } });
    expect((await today()).statusCode).toBe(200);
    expect((await today()).json().items).toHaveLength(1);
    await t.store.db.execute(sql`delete from sessions where user_id = ${user.userId}::uuid`);
    const after = await today();
    expect(after.statusCode).toBe(401);
    expect(after.json().items).toBeUndefined();
  });

  it('answers 500 without the data when an answer leaves before the statement and the lookup fails', async () => {
    const { api } = await todayReader();
    expect((await api.get(TODAY)).status).toBe(200);
    const unknownOwner = `/api/today?owner=${randomUUID()}&asOf=2030-01-01`;
    // The unknown owner is a 404 before the Today statement runs; then only the credential lookup fails.
    await t.store.db.execute(sql`alter table api_tokens rename to api_tokens_away`);
    try {
      const res = await api.get(unknownOwner);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
    } finally {
      await t.store.db.execute(sql`alter table api_tokens_away rename to api_tokens`);
    }
  });

  it('answers 401, not 400, when a revoked token sends a bad cursor', async () => {
    const { user, api } = await todayReader();
    expect((await api.get(TODAY)).status).toBe(200);
    await expect401OnceRevoked({ api, userId: user.userId, url: `${TODAY}&cursor=nonsense`, before: 400 });
  });

  it('never shows a token’s old user’s list once the token is moved to another user in the database', async () => {
    const { user, api } = await todayReader();
    const other = await buildUser(t.store.db, { workspace: await workspaceName(user.workspaceId) });
    for (let i = 0; i < 2; i++) {
      await buildContact(t.store.db, user.workspaceId, { ownerId: other.userId, intervalDays: 30 });
    }
    expect((await api.get(TODAY)).body.items).toHaveLength(1);
    await t.store.db.execute(
      sql`update api_tokens set user_id = ${other.userId}::uuid where user_id = ${user.userId}::uuid`,
    );
    const first = await api.get(TODAY);
    expect(first.body.items?.length ?? 0).not.toBe(1);
    // The moved token is then looked up again and reads as its new user.
    const next = await api.get(TODAY);
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(2);
  });

  it('still records when a token was last used', async () => {
    const { user, api } = await todayReader();
    const lastUsed = async () => {
      const { rows } = await t.store.raw.query(
        `select extract(epoch from now() - last_used_at)::float8 as ago from api_tokens where user_id = $1`,
        [user.userId],
      );
      return (rows[0] as { ago: number }).ago;
    };
    expect((await api.get(TODAY)).status).toBe(200);
    await t.store.db.execute(
      sql`update api_tokens set last_used_at = now() - interval '1 hour' where user_id = ${user.userId}::uuid`,
    );
    expect(await lastUsed()).toBeGreaterThan(3000);
    expect((await api.get(TODAY)).status).toBe(200);
    expect(await lastUsed()).toBeLessThan(60);
  });
});
