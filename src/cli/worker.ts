import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { openStore } from '../db/client.ts';
import { startRunner } from '../domains/jobs/runner.ts';
import { JOB_KINDS } from '../server/job-kinds.ts';
import type { Config } from '../shared/config.ts';
import { EXIT } from './command.ts';
import { migrationStatus } from './migrations.ts';
import type { Io } from './run-command.ts';
import { runUntilSignal } from './until-signal.ts';

export const WORKER_USAGE = `Run background jobs, without HTTP (PostgreSQL only)

Usage: kith worker [--concurrency N]

  --concurrency  jobs this process runs at the same time (default 4, at most 32)

For PostgreSQL deployments: run \`kith serve --no-worker\` for HTTP and as many \`kith worker\` processes as
the jobs need. They share the work through the database and never run one job twice at once. On SIGTERM a
worker lets its running jobs finish (up to 20 s), then hands the rest back to the others.`;

/** Why `kith worker` is refused on the embedded store. */
export const WORKER_NEEDS_POSTGRES =
  'kith worker needs PostgreSQL (DATABASE_URL). The embedded store allows one process, and there `kith serve` ' +
  'runs the background jobs itself: start `kith serve` instead.';

const WorkerArgs = z.object({
  concurrency: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(32, { error: 'must be at most 32' })
    .default(4),
});

/** `kith worker`: runs the job runner against PostgreSQL until SIGINT or SIGTERM. */
export async function workerCommand(options: { argv: string[]; config: Config; io: Io }): Promise<number> {
  const { io, config } = options;
  let args: z.output<typeof WorkerArgs>;
  try {
    const { values } = parseArgs({
      args: options.argv,
      options: { concurrency: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const parsed = WorkerArgs.safeParse(values);
    if (!parsed.success) throw new Error(`--concurrency: ${parsed.error.issues[0]?.message}`);
    args = parsed.data;
  } catch (error) {
    io.stderr(
      `kith worker: ${(error as Error).message.split('. ')[0]}\nRun \`kith worker --help\` for usage.\n`,
    );
    return EXIT.usage;
  }
  if (!config.databaseUrl) {
    io.stderr(`${WORKER_NEEDS_POSTGRES}\n`);
    return EXIT.usage;
  }
  const store = await openStore({ databaseUrl: config.databaseUrl });
  try {
    // Several processes share this database, so only `kith migrate` or a server start changes its schema.
    const { pending } = await migrationStatus(store.db);
    if (pending.length > 0) {
      io.stderr(
        `The database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`kith migrate\` first.\n`,
      );
      await store.close();
      return EXIT.failed;
    }
  } catch (error) {
    await store.close();
    io.stderr(`PostgreSQL at DATABASE_URL: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  const runner = await startRunner({
    db: store.db,
    kinds: JOB_KINDS,
    listen: store.listen,
    concurrency: args.concurrency,
    log: pino({ level: config.logLevel }),
  });
  io.stdout(
    `Kith worker ${runner.workerId} is running jobs (${[...JOB_KINDS.keys()].join(', ')}), ` +
      `${args.concurrency} at a time. Press Ctrl+C to stop.\n`,
  );
  return runUntilSignal({
    io,
    close: async () => {
      try {
        await runner.stop();
      } finally {
        await store.close();
      }
    },
  });
}
