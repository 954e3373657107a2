import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../server/start.ts';
import type { Config } from '../shared/config.ts';
import { EXIT } from './command.ts';
import type { Io } from './run-command.ts';
import { runUntilSignal } from './until-signal.ts';

export const SERVE_USAGE = `Start the web app and API

Usage: kith serve [--seed-demo] [--no-worker]

  --seed-demo  create the demo workspace when the store is empty, and show its login
  --no-worker  HTTP only, for PostgreSQL deployments that run \`kith worker\` processes for background jobs

Listens on HOST:PORT (default 127.0.0.1:3000) and runs migrations first. Unless --no-worker is given, it
also runs background jobs.`;

/** Why --no-worker is refused on the embedded store. */
export const NO_WORKER_NEEDS_POSTGRES =
  'kith serve --no-worker needs PostgreSQL (DATABASE_URL). The embedded store allows one process, so the ' +
  'server is the only one that can run background jobs there; without its worker nothing would run them. ' +
  'Run `kith serve` without --no-worker.';

/** `kith serve`: starts the server, prints the banner, and stops cleanly on SIGINT or SIGTERM. */
export async function serveCommand(options: { argv: string[]; config: Config; io: Io }): Promise<number> {
  const { io } = options;
  let values: { 'seed-demo'?: boolean; 'no-worker'?: boolean };
  try {
    ({ values } = parseArgs({
      args: options.argv,
      options: { 'seed-demo': { type: 'boolean' }, 'no-worker': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(
      `kith serve: ${(error as Error).message.split('. ')[0]}\nRun \`kith serve --help\` for usage.\n`,
    );
    return EXIT.usage;
  }
  const config = { ...options.config, dataDir: resolve(options.config.dataDir) };
  const say = (line: string) => io.stdout(`${line}\n`);
  const isWorker = values['no-worker'] !== true;
  if (!isWorker && !config.databaseUrl) {
    io.stderr(`${NO_WORKER_NEEDS_POSTGRES}\n`);
    return EXIT.usage;
  }

  const started = await startServer({
    config,
    seedDemo: values['seed-demo'] === true,
    worker: isWorker,
    say,
  });
  if (!started.ok) {
    io.stderr(`${started.message}\n`);
    return EXIT.failed;
  }
  const { running } = started;
  say('');
  say(`  Kith is running at ${running.url}`);
  if (running.demoLogin) say(`  Demo login: ${running.demoLogin.email} / ${running.demoLogin.password}`);
  say(`  Store: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${config.dataDir}`}`);
  say(`  Background jobs: ${isWorker ? 'run by this process' : 'not here (--no-worker): run `kith worker`'}`);
  say('  Press Ctrl+C to stop.');
  say('');

  return runUntilSignal({ close: running.close, io });
}
