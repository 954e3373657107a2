import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { workspaces } from '../workspaces/schema.ts';
import { generateWorkspace } from './generate.ts';

export const DEMO_WORKSPACE = 'Demo';
export const DEMO_SEED = 20_240_601;
/** The sign-in shown on the login page in demo mode. */
export const DEMO_LOGIN = { email: 'demo@kith.local', password: 'kith-demo' } as const;

/** True when the store holds any workspace at all; `npm start` seeds the demo only when it does not. */
export async function hasAnyWorkspace(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return row !== undefined;
}

/**
 * Creates the "Demo" workspace: about 300 contacts in about 60 companies with two years of history,
 * owned mostly by the demo owner, plus a member and a viewer. Run it inside a transaction.
 */
export async function seedDemo(options: { db: Db; now?: Date }) {
  const [existing] = await options.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(sql`lower(${workspaces.name})`, DEMO_WORKSPACE.toLowerCase()));
  if (existing) {
    throw new AppError('conflict', `A workspace named ${DEMO_WORKSPACE} already exists`, [
      { field: 'workspace', message: 'already exists' },
    ]);
  }
  const result = await generateWorkspace({
    db: options.db,
    seed: DEMO_SEED,
    contacts: 300,
    interactionsPerContact: 12,
    now: options.now,
    workspaceName: DEMO_WORKSPACE,
    owners: [
      { ...DEMO_LOGIN, name: 'Dana Demo', role: 'owner', share: 8 },
      { email: 'sam@kith.local', password: 'kith-demo', name: 'Sam Member', role: 'member', share: 2 },
      { email: 'vic@kith.local', password: 'kith-demo', name: 'Vic Viewer', role: 'viewer', share: 0 },
    ],
  });
  return { workspaceId: result.workspaceId, login: { ...DEMO_LOGIN }, counts: result.counts };
}
