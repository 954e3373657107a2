import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import type { AppError } from '../../shared/errors.ts';
import { openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from './factories.ts';
import { signIn } from './sign-in.ts';
import { ACCOUNT_LIMIT, CLIENT_LIMIT, clientKey } from './sign-in-throttle.ts';

// The throttle's state lives in the database, so every server process counts the same tries. Time passing
// is simulated by moving the stored times back (elapse), as the database's clock decides.

let t: TestApp;
let owner: TestUser;
let address = 0;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Throttle A' });
});
afterAll(() => t.close());

/** A client address no other test uses. */
const freshAddress = () => `192.0.2.${++address}`;

/** Signs in through the route from `from`, and returns the status, the Retry-After and the error code. */
async function tryLogin(email: string, password: string, from: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    payload: { email, password },
  });
  return { status: res.statusCode, retryAfter: res.headers['retry-after'], body: res.json() };
}

/** Lets `seconds` pass for every count and lock. */
async function elapse(seconds: number) {
  await t.store.db.execute(
    sql`update sign_in_throttles set last_failure_at = last_failure_at - make_interval(secs => ${seconds}),
          locked_until = locked_until - make_interval(secs => ${seconds})`,
  );
}

async function failures(kind: 'account' | 'client', subject: string): Promise<number | null> {
  const rows = await queryRows<{ failures: number }>(
    t.store.db,
    sql`select failures from sign_in_throttles where kind = ${kind} and subject = ${subject}`,
  );
  return rows[0]?.failures ?? null;
}

/** Fails `count` sign-ins for `email`, each expected to be answered 401. */
async function fail(email: string, count: number, from = freshAddress()) {
  for (let i = 0; i < count; i++) expect((await tryLogin(email, 'wrong password', from)).status).toBe(401);
}

describe('sign-in throttling per account', () => {
  it('after 5 failures makes each further try wait longer: 1 s, 2 s, 4 s (429 with Retry-After)', async () => {
    const user = await buildUser(t.store.db);
    await fail(user.email, ACCOUNT_LIMIT);
    const first = await tryLogin(user.email, user.password, freshAddress());
    expect(first.status, 'even the right password waits').toBe(429);
    expect(first.retryAfter).toBe('1');
    expect(first.body.error).toEqual({
      code: 'rate_limited',
      message:
        'Too many failed sign-ins. Wait 1 second before trying again, or ask an admin to lift the lock.',
      fields: [],
    });
    for (const wait of [2, 4, 8]) {
      await elapse(wait / 2);
      await fail(user.email, 1);
      const next = await tryLogin(user.email, 'wrong password', freshAddress());
      expect(next.status).toBe(429);
      expect(next.retryAfter).toBe(String(wait));
    }
    expect(await failures('account', user.email), 'tries made while locked are not counted').toBe(8);
  });

  it('lifts the lock when its time has passed, and a right password then signs in and resets the count', async () => {
    const user = await buildUser(t.store.db);
    await fail(user.email, ACCOUNT_LIMIT);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(429);
    await elapse(1);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(200);
    expect(await failures('account', user.email)).toBeNull();
    await fail(user.email, ACCOUNT_LIMIT - 1);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(200);
  });

  it('forgets failures an hour after the last one', async () => {
    const user = await buildUser(t.store.db);
    await fail(user.email, ACCOUNT_LIMIT - 1);
    await elapse(3601);
    await fail(user.email, ACCOUNT_LIMIT - 1);
    expect(await failures('account', user.email)).toBe(ACCOUNT_LIMIT - 1);
  });

  it('drops counts nobody has added to for a day, when someone signs in', async () => {
    const stale = 'stale-guess@example.test';
    await fail(stale, 1);
    await elapse(86_401);
    expect(await failures('account', stale)).toBe(1);
    expect((await tryLogin(owner.email, owner.password, freshAddress())).status).toBe(200);
    expect(await failures('account', stale)).toBeNull();
  });

  it('counts an unknown email the same way, so its answers do not tell that it has no account', async () => {
    const known = await buildUser(t.store.db);
    const unknown = 'nobody-here@example.test';
    await fail(known.email, ACCOUNT_LIMIT);
    await fail(unknown, ACCOUNT_LIMIT);
    // Both locks now end at the same moment, 30 s ahead: each lasted only 1 s from its own fifth failure,
    // and on a busy machine the known one could end while the unknown one was still being failed.
    expect(await failures('account', unknown)).toBe(ACCOUNT_LIMIT);
    await t.store.db.execute(
      sql`update sign_in_throttles set locked_until = now() + interval '30 seconds'
           where kind = 'account' and subject in (${known.email.toLowerCase()}, ${unknown})`,
    );
    const [a, b] = [
      await tryLogin(known.email, 'wrong password', freshAddress()),
      await tryLogin(unknown, 'wrong password', freshAddress()),
    ];
    expect([a.status, a.retryAfter]).toEqual([429, '30']);
    expect(b).toEqual(a);
  });

  it('keeps counting across the case of the email', async () => {
    const user = await buildUser(t.store.db);
    await fail(user.email.toUpperCase(), ACCOUNT_LIMIT);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(429);
  });
});

describe('sign-in throttling per client address', () => {
  it('after 50 failures from one address makes its next try wait, for any email, and only from there', async () => {
    const from = freshAddress();
    for (let i = 0; i < CLIENT_LIMIT; i++) {
      expect((await tryLogin(`guess-${i}@example.test`, 'wrong', from)).status).toBe(401);
    }
    expect(await failures('client', from)).toBe(CLIENT_LIMIT);
    const next = await tryLogin(owner.email, owner.password, from);
    expect([next.status, next.retryAfter]).toEqual([429, '1']);
    expect((await tryLogin(owner.email, owner.password, freshAddress())).status).toBe(200);
  });

  it('does not count successful sign-ins against the address', async () => {
    const from = freshAddress();
    for (let i = 0; i <= CLIENT_LIMIT; i++) {
      expect((await tryLogin(owner.email, owner.password, from)).status).toBe(200);
    }
    expect(await failures('client', from)).toBe(0);
  });

  it('counts an IPv6 client by its /64 network', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
  });
});

describe('an admin lifting a lock (DELETE /api/auth/locks/:email)', () => {
  const unlock = (email: string, token: string) =>
    t.app.inject({
      method: 'DELETE',
      url: `/api/auth/locks/${encodeURIComponent(email)}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('lets the account sign in at once, and is audited', async () => {
    const admin = await buildUser(t.store.db, { workspace: 'Throttle A', role: 'admin' });
    const user = await buildUser(t.store.db, { workspace: 'Throttle A', role: 'member' });
    await fail(user.email, ACCOUNT_LIMIT);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(429);
    expect((await unlock(user.email.toUpperCase(), admin.token)).statusCode).toBe(204);
    expect((await tryLogin(user.email, user.password, freshAddress())).status).toBe(200);
    const audit = await queryRows<{ action: string; entity_id: string; actor_id: string }>(
      t.store.db,
      sql`select action, entity_id, actor_id from audit_log where action = 'unlock' and entity_id = ${user.userId}::uuid`,
    );
    expect(audit).toEqual([{ action: 'unlock', entity_id: user.userId, actor_id: admin.userId }]);
  });

  it('is for owners and admins of the same workspace only', async () => {
    const member = await buildUser(t.store.db, { workspace: 'Throttle A', role: 'member' });
    const stranger = await buildUser(t.store.db, { workspace: 'Throttle B', role: 'owner' });
    const locked = await buildUser(t.store.db, { workspace: 'Throttle A', role: 'member' });
    await fail(locked.email, ACCOUNT_LIMIT);
    const byMember = await unlock(locked.email, member.token);
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.message).toBe('Only an admin or an owner of this workspace can do this');
    expect((await unlock(locked.email, stranger.token)).statusCode).toBe(404);
    expect((await tryLogin(locked.email, locked.password, freshAddress())).status).toBe(429);
  });
});

describe('concurrent tries', () => {
  it('lets no more than 5 wrong tries for one account be checked, however many arrive at once', async () => {
    const user = await buildUser(t.store.db);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        signIn({
          db: t.store.db,
          input: { email: user.email, password: 'wrong' },
          client: freshAddress(),
        }).then(
          () => 'signed in',
          (error: AppError) => error.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'unauthenticated').length).toBe(ACCOUNT_LIMIT);
    expect(outcomes.filter((o) => o === 'rate_limited').length).toBe(20 - ACCOUNT_LIMIT);
    expect(await failures('account', user.email)).toBe(ACCOUNT_LIMIT);
  });

  it('counts every one of many failures from one address that arrive at once', async () => {
    const from = freshAddress();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signIn({
          db: t.store.db,
          input: { email: `burst-${i}@example.test`, password: 'x' },
          client: from,
        }).then(
          () => 'signed in',
          (error: AppError) => error.code,
        ),
      ),
    );
    expect(outcomes).toEqual(Array(12).fill('unauthenticated'));
    expect(await failures('client', from)).toBe(12);
  });
});
