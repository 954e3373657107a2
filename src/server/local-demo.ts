import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import { DEMO_LOGIN, DEMO_WORKSPACE, hasAnyWorkspace, seedDemo } from '../domains/demo/seed.ts';
import { users, workspaces } from '../domains/workspaces/schema.ts';
import { verifyPassword } from '../domains/workspaces/secrets.ts';

export type DemoLogin = { email: string; password: string };

/** The demo login if the demo user still signs in with the demo password (it may have been changed). */
async function currentDemoLogin(db: Db): Promise<DemoLogin | null> {
  const [user] = await db
    .select({ hash: users.passwordHash })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(
      and(
        eq(sql`lower(${workspaces.name})`, DEMO_WORKSPACE.toLowerCase()),
        eq(sql`lower(${users.email})`, DEMO_LOGIN.email),
      ),
    );
  if (!user || !(await verifyPassword(user.hash, DEMO_LOGIN.password))) return null;
  return { ...DEMO_LOGIN };
}

/**
 * Demo mode at start-up: seeds the demo workspace into an empty store (never into one that has data), and
 * returns the login to show in the banner and on the sign-in page.
 */
export async function prepareDemo(options: {
  db: Db;
  seed: boolean;
  showLogin: boolean;
  say: (line: string) => void;
}): Promise<DemoLogin | null> {
  const { db } = options;
  if (options.seed && !(await hasAnyWorkspace(db))) {
    options.say('Creating the demo workspace (first start)…');
    const demo = await inTransaction(db, (tx) => seedDemo({ db: tx }));
    options.say(`Created the demo workspace with ${demo.counts.contacts} contacts.`);
    return demo.login;
  }
  return options.showLogin ? currentDemoLogin(db) : null;
}
