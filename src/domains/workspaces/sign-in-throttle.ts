import { isIPv4, isIPv6 } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { signInThrottles } from './schema.ts';

/** Failed tries an account (an email) may have before each further try waits. */
export const ACCOUNT_LIMIT = 5;
/** Failed tries one client address may have before each further try waits. */
export const CLIENT_LIMIT = 50;
/** The longest wait: the first try past a limit waits 1 s, then 2, 4, 8… up to this. */
export const MAX_WAIT_SECONDS = 900;
/** Failures are forgotten this long after the last one (while no lock is in force). */
const FORGET_AFTER = '1 hour';

/** Whose tries are counted: the email as typed (lowercased), and the client's address. */
export type SignInParty = { email: string; client: string };

type Kind = 'account' | 'client';

const keysOf = (party: SignInParty): [[Kind, string], [Kind, string]] => [
  ['account', party.email.toLowerCase()],
  ['client', clientKey(party.client)],
];

/**
 * The client part of the count: an IPv4 address as is, an IPv6 address by its /64 network (one host is
 * usually given a whole /64, so counting single addresses would let it try billions of them).
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The 429 for a try made while a lock is in force, with its wait in whole seconds. */
function tooManyTries(seconds: number): AppError {
  const wait = seconds === 1 ? '1 second' : `${seconds} seconds`;
  return new AppError(
    'rate_limited',
    `Too many failed sign-ins. Wait ${wait} before trying again, or ask an admin to lift the lock.`,
    [],
    { retryAfterSeconds: seconds },
  );
}

/** The longest wait, in whole seconds, of any lock in force on the party's account or address. */
async function waitInForce(db: Db, party: SignInParty): Promise<number> {
  const [account, client] = keysOf(party);
  const rows = await queryRows<{ seconds: number | string | null }>(
    db,
    sql`select ceil(extract(epoch from max(locked_until) - now()))::int as seconds
          from sign_in_throttles
         where ((kind = ${account[0]} and subject = ${account[1]}) or (kind = ${client[0]} and subject = ${client[1]}))
           and locked_until > now()`,
  );
  const seconds = Number(rows[0]?.seconds ?? 0);
  return seconds > 0 ? Math.max(1, seconds) : 0;
}

/**
 * Admits one sign-in try, or throws rate_limited (429, with its Retry-After) while the account or the
 * address waits out a lock. An admitted try is counted as a failure at once, in one statement per try that
 * row-locks both counts, so tries that run at the same time (on several processes) are each counted and
 * none gets past a limit another has just reached; signInSucceeded takes it back. The try that reaches a
 * limit sets the wait for the next: 1 s, then twice as long after each further failure, up to
 * MAX_WAIT_SECONDS. Tries refused while a lock is in force are not counted.
 */
export async function admitSignIn(options: { db: Db } & SignInParty): Promise<void> {
  const { db } = options;
  const before = await waitInForce(db, options);
  if (before > 0) throw tooManyTries(before);
  const [account, client] = keysOf(options);
  const counted = `case when t.last_failure_at <= now() - interval '${FORGET_AFTER}' then 1 else t.failures + 1 end`;
  const limit = `case t.kind when 'account' then ${ACCOUNT_LIMIT} else ${CLIENT_LIMIT} end`;
  const rows = await queryRows<{ kind: Kind }>(
    db,
    sql`insert into sign_in_throttles as t (kind, subject, failures, last_failure_at, locked_until)
        values (${account[0]}, ${account[1]}, 1, now(), null), (${client[0]}, ${client[1]}, 1, now(), null)
        on conflict (kind, subject) do update set
          failures = ${sql.raw(counted)},
          last_failure_at = now(),
          locked_until = case when ${sql.raw(counted)} >= ${sql.raw(limit)}
            then now() + least(${MAX_WAIT_SECONDS}, power(2, least(${sql.raw(counted)} - ${sql.raw(limit)}, 30))) * interval '1 second'
            end
        where t.locked_until is null or t.locked_until <= now()
        returning t.kind`,
  );
  // A try that ran at the same time locked one of them between the check above and this statement.
  if (rows.length < 2) throw tooManyTries(Math.max(1, await waitInForce(db, options)));
}

/**
 * Settles an admitted try whose password was right: the account's failures are forgotten, and the try is
 * taken back from the address's count (a success is not a failure). Also drops counts nobody has added to
 * for a day.
 */
export async function signInSucceeded(options: { db: Db } & SignInParty): Promise<void> {
  const { db } = options;
  const [account, client] = keysOf(options);
  await clearSignInLock({ db, email: account[1] });
  await queryRows(
    db,
    sql`update sign_in_throttles set
          failures = greatest(failures - 1, 0),
          locked_until = case when failures - 1 >= ${CLIENT_LIMIT} then locked_until end
        where kind = ${client[0]} and subject = ${client[1]}`,
  );
  // Rows another try holds are skipped, so the cleanup never waits on (or deadlocks with) a sign-in.
  await queryRows(
    db,
    sql`delete from sign_in_throttles where (kind, subject) in (
          select kind, subject from sign_in_throttles
           where last_failure_at <= now() - interval '1 day' and (locked_until is null or locked_until <= now())
           limit 1000 for update skip locked)`,
  );
}

/** Lifts the lock on an account and forgets its failures (an admin's unlock); true when there was a count. */
export async function clearSignInLock(options: { db: Db; email: string }): Promise<boolean> {
  const removed = await options.db
    .delete(signInThrottles)
    .where(and(eq(signInThrottles.kind, 'account'), eq(signInThrottles.subject, options.email.toLowerCase())))
    .returning({ subject: signInThrottles.subject });
  return removed.length > 0;
}
