import { z } from 'zod';
import { migrate } from '../../db/migrate.ts';
import { defineCommand, EXIT } from '../command.ts';
import { migrationStatus } from '../migrations.ts';

/** `kith migrate`: brings the store's schema up to date and says what it applied. */
export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'kith migrate\n\n  Safe to run at any time; the server also migrates at start-up.',
  options: {},
  positionals: [],
  Args: z.object({}),
  run: async ({ db, out, store }) => {
    const before = await migrationStatus(db);
    if (!store) {
      // Inside a running server: it migrated at start-up, and migrating under live requests gains nothing.
      out('The running server migrated the store when it started.');
      out(`${before.applied.length} migrations applied, ${before.pending.length} pending.`);
      return EXIT.ok;
    }
    if (before.pending.length === 0) {
      out(`The store is up to date (${before.applied.length} migrations applied).`);
      return EXIT.ok;
    }
    await migrate(store);
    const after = await migrationStatus(db);
    const applied = after.applied.filter((tag) => !before.applied.includes(tag));
    out(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`);
    return EXIT.ok;
  },
});
