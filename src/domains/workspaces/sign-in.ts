import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { login } from './auth.ts';
import { users } from './schema.ts';
import { admitSignIn, clearSignInLock, signInSucceeded } from './sign-in-throttle.ts';
import type { LoginInput } from './validators.ts';

/**
 * Signs in through the throttle (sign-in-throttle.ts): admits the try, checks the password and opens the
 * session in a transaction of its own, then settles the count. `db` is the store, not a transaction: the try
 * is counted in a statement of its own, so it stays counted when the sign-in is refused and rolls back.
 */
export async function signIn(options: { db: Db; input: z.output<typeof LoginInput>; client: string }) {
  const { db, input } = options;
  const party = { email: input.email, client: options.client };
  await admitSignIn({ db, ...party });
  let result: Awaited<ReturnType<typeof login>>;
  try {
    result = await inTransaction(db, (tx) => login({ db: tx, ...input }));
  } catch (error) {
    // Only wrong credentials count. Another refusal (the email is in several workspaces) came after a right
    // password; an unexpected failure leaves the try counted.
    if (error instanceof AppError && error.code !== 'unauthenticated')
      await signInSucceeded({ db, ...party });
    throw error;
  }
  await signInSucceeded({ db, ...party });
  return result;
}

/**
 * An owner or admin (the route's auth level) lifts the sign-in lock of a user of their workspace (clearSignInLock), audited. Another
 * workspace's email is not found, as if it did not exist.
 */
export async function unlockSignIn(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  email: string;
}): Promise<void> {
  const { db, workspaceId, email } = options;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(sql`lower(${users.email})`, email.toLowerCase())));
  if (!user) throw notFound('User', email, 'params.email');
  const hadFailures = await clearSignInLock({ db, email });
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'unlock',
    entity: 'user',
    entityId: user.id,
    changes: { email: email.toLowerCase(), hadFailures },
  });
}
