import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../server/start.ts';
import type { Config } from '../shared/config.ts';
import { EXIT } from './command.ts';
import type { Io } from './run-command.ts';

export const SERVE_USAGE = `Start the web app and API

Usage: kith serve [--seed-demo] [--no-worker]

  --seed-demo  create the demo workspace when the store is empty, and show its login
  --no-worker  for PostgreSQL deployments that run workers separately (there is no worker yet)

Listens on HOST:PORT (default 127.0.0.1:3000) and runs migrations first.`;

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
  if (values['no-worker']) say('Note: --no-worker has no effect yet: Kith has no background worker so far.');

  const started = await startServer({
    config,
    seedDemo: values['seed-demo'] === true,
    worker: values['no-worker'] !== true,
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
  say('  Press Ctrl+C to stop.');
  say('');

  return new Promise<number>((done) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.stderr(`Received ${signal} again; exiting without waiting.\n`);
        done(EXIT.failed);
        return;
      }
      stopping = true;
      say(`Stopping (${signal})…`);
      running.close().then(
        () => done(EXIT.ok),
        (error: unknown) => {
          io.stderr(`Error while stopping: ${(error as Error).message}\n`);
          done(EXIT.failed);
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}
