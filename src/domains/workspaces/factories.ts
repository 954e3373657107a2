import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { createUser } from './create-user.ts';
import type { Role } from './schema.ts';
import { createToken } from './tokens.ts';

export type TestUser = {
  workspaceId: string;
  userId: string;
  email: string;
  password: string;
  token: string;
  role: Role;
};

/** Creates a user (and its workspace when new) with an API token; for tests. */
export async function buildUser(
  db: Db,
  overrides: { workspace?: string; role?: Role; email?: string; password?: string } = {},
): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const email = overrides.email ?? `user-${suffix}@example.test`;
  const password = overrides.password ?? `pw-${suffix}-secret`;
  const role = overrides.role ?? 'owner';
  const user = await createUser({
    db,
    input: { email, password, role, workspace: overrides.workspace ?? `Workspace ${suffix}` },
  });
  const token = await createToken({ db, workspaceId: user.workspaceId, actorId: user.id, name: 'test' });
  return { workspaceId: user.workspaceId, userId: user.id, email, password, token: token.token, role };
}
