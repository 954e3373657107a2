import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type Db, queryBuiltRows } from './client.ts';

/** How many distinct statement texts one process names; see statementName. */
export const MAX_NAMED_STATEMENTS = 16;
/** How many texts seen only once the namer remembers before it forgets them all. */
const SEEN_ONCE_LIMIT = 1000;

/**
 * Makes a namer: it names a text the `after`-th time it sees it (so a one-off shape never takes a name),
 * and names at most `max` texts; any other text gets undefined and runs unnamed.
 */
export function statementNamer(options: {
  max: number;
  after: number;
}): (text: string) => string | undefined {
  const named = new Set<string>();
  const seen = new Map<string, number>();
  return (text) => {
    const name = `kith_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    if (named.has(name)) return name;
    if (named.size >= options.max) return undefined;
    const times = (seen.get(name) ?? 0) + 1;
    if (times < options.after) {
      if (seen.size >= SEEN_ONCE_LIMIT) seen.clear();
      seen.set(name, times);
      return undefined;
    }
    seen.delete(name);
    named.add(name);
    return name;
  };
}

/**
 * A name for a hot statement, derived from its text, so PostgreSQL parses and plans it once per
 * connection and, after a few runs, may keep one generic plan, instead of planning it on every run (the
 * search page's statement at 1M contacts: about 2 ms of planning under load). For statements whose text
 * takes a few shapes and whose values are all parameters. Each named statement keeps its plan in every
 * connection that ran it (about 0.7 MB for the search page), so a process names at most
 * MAX_NAMED_STATEMENTS texts, each from the second time it runs, and runs any other text unnamed
 * (undefined). PGlite ignores the name.
 */
export const statementName = statementNamer({ max: MAX_NAMED_STATEMENTS, after: 2 });

const dialect = new PgDialect();

/**
 * Runs a raw SQL statement, as a named prepared statement when statementName names it, and returns its
 * rows as the driver gives them (timestamps and dates as text, as queryRows does). One build of the SQL.
 */
export async function queryNamedRows<T>(db: Db, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  return queryBuiltRows<T>(db, built, statementName(built.sql));
}
