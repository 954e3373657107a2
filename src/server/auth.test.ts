import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContact } from '../domains/contacts/factories.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp, type TestApp } from '../test/http.ts';

// A read by a credential the server has already seen runs beside its credential lookup instead of after
// it (src/server/auth.ts). These tests hold that to the same promise as the lookup-first path: what was
// revoked, ended or changed in the database applies on the very next request.

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('a read by a credential seen before', () => {
  it('answers 401 on the very next request once its token is revoked, and sends none of the data', async () => {
    const user = await buildUser(t.store.db);
    await buildContact(t.store.db, user.workspaceId, { ownerId: user.userId, intervalDays: 30 });
    const api = apiAs(t.app, user.token);
    const url = '/api/today?owner=me&asOf=2030-01-01';
    expect((await api.get(url)).status).toBe(200);
    expect((await api.get(url)).body.items.length).toBe(1);
    await t.store.db.execute(
      sql`update api_tokens set revoked_at = now() where user_id = ${user.userId}::uuid`,
    );
    const after = await api.get(url);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({
      error: { code: 'unauthenticated', message: 'The API token is invalid or revoked', fields: [] },
    });
  });

  it('answers 401, not the read’s own error, when a revoked token asks for something missing', async () => {
    const user = await buildUser(t.store.db);
    const api = apiAs(t.app, user.token);
    const missing = `/api/contacts/${randomUUID()}`;
    expect((await api.get(missing)).status).toBe(404);
    await t.store.db.execute(
      sql`update api_tokens set revoked_at = now() where user_id = ${user.userId}::uuid`,
    );
    const after = await api.get(missing);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('answers 401 to a HEAD request too once its token is revoked', async () => {
    const user = await buildUser(t.store.db);
    const head = () =>
      t.app.inject({ method: 'HEAD', url: '/api/tiers', headers: { authorization: `Bearer ${user.token}` } });
    expect((await head()).statusCode).toBe(200);
    expect((await head()).statusCode).toBe(200);
    await t.store.db.execute(
      sql`update api_tokens set revoked_at = now() where user_id = ${user.userId}::uuid`,
    );
    expect((await head()).statusCode).toBe(401);
  });

  it('answers a 500 without the data when the credential lookup itself fails, and recovers after', async () => {
    const user = await buildUser(t.store.db);
    await buildContact(t.store.db, user.workspaceId, { ownerId: user.userId, intervalDays: 30 });
    const api = apiAs(t.app, user.token);
    const url = '/api/today?owner=me&asOf=2030-01-01';
    expect((await api.get(url)).status).toBe(200);
    // The lookup reads api_tokens; Today does not, so only the lookup fails.
    await t.store.db.execute(sql`alter table api_tokens rename to api_tokens_away`);
    try {
      const res = await api.get(url);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side', fields: [] },
      });
    } finally {
      await t.store.db.execute(sql`alter table api_tokens_away rename to api_tokens`);
    }
    expect((await api.get(url)).status).toBe(200);
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

const url = process.env.TEST_DATABASE_URL;

// Only PostgreSQL has a second connection that can hold the lookup back; PGlite runs one query at a time.
describe.runIf(url)('on PostgreSQL, a read by a credential seen before', () => {
  let app: TestApp;
  let locker: pg.Client;
  beforeAll(async () => {
    // Its own database, so no connection has run Today's statement before the test does.
    app = await openTestApp();
    const [{ db }] = (await app.store.raw.query('select current_database() as db')).rows as [{ db: string }];
    const parsed = new URL(url!);
    parsed.pathname = `/${db}`;
    locker = new pg.Client({ connectionString: parsed.toString() });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await app.close();
  });

  const settled = (promise: Promise<unknown>) =>
    Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);

  /**
   * Waits until a connection of the app has finished Today's statement and gone idle. pg_stat_activity
   * keeps only the start of a long statement, so the test matches Today's opening lines.
   */
  async function todayRanAhead(): Promise<boolean> {
    for (let waited = 0; waited < 5000; waited += 50) {
      // A fresh snapshot each time: inside the locker's transaction pg_stat_activity would not change.
      await locker.query('select pg_stat_clear_snapshot()');
      const { rows } = await locker.query(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state = 'idle'
           and query like '%with g as (%select t.id, t.priority%'`,
      );
      if (rows[0].n > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  it('runs its queries while the credential lookup waits, and holds the answer until the lookup confirms', async () => {
    const user = await buildUser(app.store.db);
    await buildContact(app.store.db, user.workspaceId, { ownerId: user.userId, intervalDays: 30 });
    const api = apiAs(app.app, user.token);
    expect((await api.get('/api/auth/me')).status).toBe(200);

    await locker.query('begin');
    await locker.query('lock table api_tokens in access exclusive mode');
    const pending = api.get('/api/today?owner=me&asOf=2030-01-01');
    expect(await todayRanAhead()).toBe(true);
    expect(await settled(pending)).toBe(false);
    // Revoked while the read was in flight: the answer it computed must not be sent.
    await locker.query(`update api_tokens set revoked_at = now() where user_id = $1`, [user.userId]);
    await locker.query('commit');
    const res = await pending;
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain('items');
  });
});
