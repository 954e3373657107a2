import { openStore } from '../../db/client.ts';
import { resolveSealKey } from './secret.ts';
import { syncMailbox } from './sync.ts';

// A sync in a process of its own for sync-process.test.ts, which kills it with SIGKILL mid-way. It prints
// "batch <messages seen>" each time a batch has committed (syncMailbox reports progress after the batch's
// transaction), so the test knows a checkpoint is on disk without opening the store: the embedded store
// allows one process.

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const workspaceId = env('KITH_TEST_SYNC_WORKSPACE');
const mailboxId = env('KITH_TEST_SYNC_MAILBOX');
const key = resolveSealKey({ secret: env('KITH_SECRET') });
if (!key) throw new Error('no seal key');
const store = process.env.KITH_TEST_SYNC_DATABASE_URL
  ? await openStore({ databaseUrl: process.env.KITH_TEST_SYNC_DATABASE_URL, poolSize: 2 })
  : await openStore({ dataDir: env('KITH_TEST_SYNC_DATA_DIR') });

await syncMailbox({
  db: store.db,
  workspaceId,
  mailboxId,
  key,
  backfillDays: 3650,
  progress: ({ processed }) => process.stdout.write(`batch ${processed}\n`),
});
process.stdout.write('done\n');
await store.close();
