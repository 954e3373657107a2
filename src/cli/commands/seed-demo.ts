import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { seedDemo } from '../../domains/demo/seed.ts';
import { defineCommand, EXIT } from '../command.ts';

/** `kith seed demo`: creates the demo workspace with realistic contacts and history. */
export const seedDemoCommand = defineCommand({
  name: 'seed demo',
  summary: 'Create the demo workspace and print its login',
  usage: 'kith seed demo\n\n  Refuses when the demo workspace already exists.',
  options: {},
  positionals: [],
  Args: z.object({}),
  run: async ({ db, out }) => {
    const demo = await inTransaction(db, (tx) => seedDemo({ db: tx }));
    const counts = Object.entries(demo.counts)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ');
    out(`Created the demo workspace: ${counts}.`);
    out(`Sign in with ${demo.login.email} / ${demo.login.password}`);
    return EXIT.ok;
  },
});
