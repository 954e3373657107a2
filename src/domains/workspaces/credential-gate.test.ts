import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { openTestStore } from '../../test/test-store.ts';
import { findToday } from '../cadence/today.ts';
import { buildContact } from '../contacts/factories.ts';
import { login, parseCredential, resolveCredential } from './auth.ts';
import { gateFor } from './credential-gate.ts';
import { buildUser } from './factories.ts';

// Today's statement checks a credential used before itself (CredentialGate); server/auth.test.ts covers the
// same promises over HTTP, where they would also hold with the lookup alone.

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const AS_OF = '2030-01-01';

/** A user with one contact on Today, and its token (or a session) resolved once, as its first request would. */
async function reader(via: 'token' | 'session' = 'token') {
  const user = await buildUser(store.db);
  await buildContact(store.db, user.workspaceId, { ownerId: user.userId, intervalDays: 30 });
  const sent =
    via === 'token'
      ? { bearer: user.token }
      : { cookie: (await login({ db: store.db, email: user.email, password: user.password })).cookie };
  const credential = parseCredential(sent)!;
  expect(gateFor({ db: store.db, ...credential })).toBeNull();
  await resolveCredential({ db: store.db, ...sent });
  const gate = () => gateFor({ db: store.db, ...credential })!;
  const today = (g: ReturnType<typeof gate>) =>
    findToday({
      db: store.db,
      workspaceId: user.workspaceId,
      asOf: AS_OF,
      ownerId: user.userId,
      limit: 10,
      gate: g,
    });
  return { user, gate, today };
}

describe('a Today statement with a credential gate', () => {
  it('confirms a valid token in the statement and carries the token for its use to be recorded', async () => {
    const { user, gate, today } = await reader();
    const g = gate();
    expect(g).toMatchObject({ kind: 'token', userId: user.userId, state: 'pending' });
    expect((await today(g)).items).toHaveLength(1);
    expect(g.state).toBe('confirmed');
    expect(g.token?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a token revoked since, with a 401 and no data', async () => {
    const { user, gate, today } = await reader();
    await store.db.execute(
      sql`update api_tokens set revoked_at = now() where user_id = ${user.userId}::uuid`,
    );
    const g = gate();
    await expect(today(g)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(g.state).toBe('refused');
  });

  it('refuses a token moved to another user of its workspace, and one deleted', async () => {
    const { user, gate, today } = await reader();
    const { rows } = await store.raw.query('select name from workspaces where id = $1', [user.workspaceId]);
    const other = await buildUser(store.db, { workspace: (rows[0] as { name: string }).name });
    await store.db.execute(
      sql`update api_tokens set user_id = ${other.userId}::uuid where user_id = ${user.userId}::uuid`,
    );
    await expect(today(gate())).rejects.toMatchObject({ code: 'unauthenticated' });
    const second = await reader();
    await store.db.execute(sql`delete from api_tokens where user_id = ${second.user.userId}::uuid`);
    await expect(second.today(second.gate())).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses a session that has expired since', async () => {
    const { user, gate, today } = await reader('session');
    expect((await today(gate())).items).toHaveLength(1);
    await store.db.execute(
      sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${user.userId}::uuid`,
    );
    await expect(today(gate())).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
