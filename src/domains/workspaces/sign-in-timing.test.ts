import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../db/client.ts';
import { openTestStore } from '../../test/test-store.ts';
import { login } from './auth.ts';
import { buildUser, type TestUser } from './factories.ts';
import * as secrets from './secrets.ts';

// An unknown email must cost what a known one costs: one argon2id verification with the same parameters,
// so timing does not tell which emails have an account. Counted by spying on verifyPassword (the real one
// runs), not timed, so the test cannot flake on a busy machine.
vi.mock('./secrets.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./secrets.ts')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const verifyPassword = vi.mocked(secrets.verifyPassword);

let store: Store;
let user: TestUser;

beforeAll(async () => {
  store = await openTestStore();
  user = await buildUser(store.db, { workspace: 'Timing' });
});
afterAll(() => store.close());

/** The argon2 parameters a hash was made with: `$argon2id$v=19$m=…,t=…,p=…`. */
const parametersOf = (hash: string) => hash.split('$').slice(0, 4).join('$');

/** Signs in, expecting a refusal, and returns the hashes the password was verified against. */
async function verifiedHashes(input: { email: string; password: string; workspace?: string }) {
  verifyPassword.mockClear();
  await expect(login({ db: store.db, ...input })).rejects.toMatchObject({ code: 'unauthenticated' });
  return verifyPassword.mock.calls.map(([hash]) => hash);
}

describe('signing in with an email that has no account', () => {
  it('verifies the password against a dummy hash, as a known email with a wrong password does', async () => {
    const known = await verifiedHashes({ email: user.email, password: 'wrong password' });
    const unknown = await verifiedHashes({ email: 'no-such-user@example.test', password: 'wrong password' });
    expect(known).toHaveLength(1);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).not.toBe(known[0]);
    expect(parametersOf(unknown[0] ?? '')).toBe(parametersOf(known[0] ?? ''));
    expect(parametersOf(known[0] ?? '')).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
  });

  it('verifies once too when the email exists but not in the workspace asked for', async () => {
    const hashes = await verifiedHashes({
      email: user.email,
      password: user.password,
      workspace: 'Elsewhere',
    });
    expect(hashes).toHaveLength(1);
  });

  it('uses one dummy hash for every unknown email, made once', async () => {
    const first = await verifiedHashes({ email: 'a-nobody@example.test', password: 'x' });
    const second = await verifiedHashes({ email: 'b-nobody@example.test', password: 'y' });
    expect(second).toEqual(first);
  });
});
