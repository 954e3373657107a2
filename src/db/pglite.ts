import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import type { Db, Store } from './client.ts';
import * as schema from './schema.ts';

// The embedded store. openStore loads this module only when it opens PGlite: a server on PostgreSQL that
// merely imported PGlite allocated about a third more per request and promoted twice as much of it to the old
// generation (measured on GET /healthz under a request loop, with --trace-gc-nvp).

/** The extensions Kith's migrations enable (0000_extensions). */
export const PGLITE_EXTENSIONS = { pg_trgm, btree_gin };

/** Opens PGlite in dataDir (or memory), or wraps an open instance, as a Store with sessions in UTC. */
export async function openPgliteStore(options: { dataDir?: string; pglite?: PGlite }): Promise<Store> {
  const client =
    options.pglite ?? (await PGlite.create({ dataDir: options.dataDir, extensions: PGLITE_EXTENSIONS }));
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzle(client, { schema }) as unknown as Db;
  const listen = async (channel: string, onNotify: () => void) => client.listen(channel, onNotify);
  return { db, kind: 'pglite', close: () => client.close(), listen, raw: client };
}
