import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { users, workspaces } from './schema.ts';
import { hashPassword } from './secrets.ts';
import { CreateUserInput } from './validators.ts';

/** Finds the workspace by name (case-insensitive) or creates it. */
export async function ensureWorkspace(options: {
  db: Db;
  name: string;
}): Promise<{ id: string; created: boolean }> {
  const [existing] = await options.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(sql`lower(${workspaces.name})`, options.name.toLowerCase()));
  if (existing) return { id: existing.id, created: false };
  const [row] = await options.db
    .insert(workspaces)
    .values({ name: options.name })
    .returning({ id: workspaces.id });
  if (!row) throw new Error('workspace insert returned nothing');
  return { id: row.id, created: true };
}

/** Adds a user to a workspace, creating the workspace when no workspace has that name. */
export async function createUser(options: { db: Db; input: CreateUserInput; actorId?: string | null }) {
  const input = CreateUserInput.parse(options.input);
  const workspace = await ensureWorkspace({ db: options.db, name: input.workspace });
  const [clash] = await options.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspace.id), eq(sql`lower(${users.email})`, input.email)));
  if (clash) {
    throw new AppError('conflict', `${input.email} is already a user of workspace ${input.workspace}`, [
      { field: 'email', message: 'already taken in this workspace' },
    ]);
  }
  const [user] = await options.db
    .insert(users)
    .values({
      workspaceId: workspace.id,
      email: input.email,
      name: input.name ?? input.email.split('@')[0] ?? input.email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
    })
    .returning({ id: users.id, email: users.email, role: users.role });
  if (!user) throw new Error('user insert returned nothing');
  await recordAudit({
    db: options.db,
    workspaceId: workspace.id,
    actorId: options.actorId ?? null,
    action: 'create',
    entity: 'user',
    entityId: user.id,
    changes: { email: user.email, role: user.role },
  });
  return { ...user, workspaceId: workspace.id, workspaceCreated: workspace.created };
}
