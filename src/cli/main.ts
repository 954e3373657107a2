import { resolve } from 'node:path';
import { loadConfig } from '../shared/config.ts';
import { parseArgv, validateArgs } from './args.ts';
import { EXIT } from './command.ts';
import { DATA_COMMANDS } from './commands/index.ts';
import { type Io, runDataCommand } from './run-command.ts';
import { SERVE_USAGE, serveCommand } from './serve.ts';
import { WORKER_USAGE, workerCommand } from './worker.ts';

const HELP = `kith: keep relationships alive

Usage: kith <command> [options]

Commands:
  serve [--seed-demo] [--no-worker]   start the web app and API, and run background jobs (migrates first)
  worker [--concurrency N]            run background jobs only (PostgreSQL; beside \`serve --no-worker\`)
  migrate                             apply pending database migrations
  admin create-user --email --password --role --workspace
                                      add a user; creates the workspace if none has that name
  seed demo                           create the demo workspace and print its login
  today [--as-of DATE]                who to contact today, as a table
  log <contact> --kind --summary [--next --due]
                                      log a call, meeting, email… and the next step

Configuration comes from the environment, as for the server:
  DATABASE_URL   PostgreSQL; when unset, the embedded store is used
  KITH_DATA_DIR  the embedded store's directory (default ./.kith-data)
  PORT, HOST     where \`kith serve\` listens (default 127.0.0.1:3000)
  LOG_LEVEL      fatal, error, warn, info (default), debug, trace or silent

While \`kith serve\` holds the embedded store, the other commands run through it.
Run \`kith <command> --help\` for a command's options.`;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

/** Splits `seed demo` and `admin create-user` into one command name and the rest of argv. */
function commandName(argv: string[]): { name: string; rest: string[] } {
  const [first = '', second = ''] = argv;
  if ((first === 'seed' || first === 'admin') && second && !second.startsWith('-')) {
    return { name: `${first} ${second}`, rest: argv.slice(2) };
  }
  return { name: first, rest: argv.slice(1) };
}

/** Runs `kith` with the given arguments and returns the exit code (serve returns once it has stopped). */
export async function main(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || isHelp(argv[0])) {
    io.stdout(`${HELP}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const { name, rest } = commandName(argv);
  const wantsHelp = rest.some((a) => a === '--help' || a === '-h');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return EXIT.usage;
  }

  if (name === 'serve' || name === 'worker') {
    if (wantsHelp) {
      io.stdout(`${name === 'serve' ? SERVE_USAGE : WORKER_USAGE}\n`);
      return EXIT.ok;
    }
    return (name === 'serve' ? serveCommand : workerCommand)({ argv: rest, config, io });
  }
  const command = DATA_COMMANDS.get(name);
  if (!command) {
    const hint =
      name === 'seed' || name === 'admin'
        ? ` (did you mean \`kith ${name} ${name === 'seed' ? 'demo' : 'create-user'}\`?)`
        : '';
    io.stderr(`Unknown command "${argv.slice(0, 2).join(' ')}"${hint}. Run \`kith --help\` for the list.\n`);
    return EXIT.usage;
  }
  if (wantsHelp) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return EXIT.ok;
  }
  const raw = parseArgv(command, rest);
  // Validate here too, so a usage error never waits for the store or a server.
  const args = raw.ok ? validateArgs(command, raw.value) : raw;
  if (!raw.ok || !args.ok) {
    const message = raw.ok ? (args.ok ? '' : args.message) : raw.message;
    io.stderr(`kith ${name}: ${message}\nRun \`kith ${name} --help\` for usage.\n`);
    return EXIT.usage;
  }
  return runDataCommand({
    command,
    raw: command.localize ? command.localize(raw.value) : raw.value,
    config: { ...config, dataDir: resolve(config.dataDir) },
    io,
  });
}

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

main(process.argv.slice(2), io).then(
  // Exit explicitly: a stray handle (a pool, a timer in a library) must not keep a finished command alive.
  (code) => process.exit(code),
  (error: unknown) => {
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
