import { setTimeout as sleep } from 'node:timers/promises';
import { openStore, type Store } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { acquireLock, type HeldLock, type LockInfo, lockPath } from '../server/local-lock.ts';
import type { Config } from '../shared/config.ts';
import { type DataCommand, EXIT, type RawArgs } from './command.ts';
import { type CommandResult, describeError, executeCommand } from './execute.ts';
import { migrationStatus } from './migrations.ts';
import { callServer } from './server-client.ts';

export type Io = { stdout: (text: string) => void; stderr: (text: string) => void };

/** How long to wait for another short CLI command, or for a server that is still starting, to let go. */
export const WAIT_FOR_CLI_MS = 30_000;
export const WAIT_FOR_SERVER_MS = 90_000;

/** Says who holds the store, for messages. */
export function describeHolder(holder: LockInfo): string {
  return holder.role === 'server'
    ? `a Kith server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ', still starting'})`
    : `\`kith ${holder.command}\` (pid ${holder.pid})`;
}

/**
 * Runs a validated data command wherever the store can be reached: directly on PostgreSQL; on the embedded
 * store when no one else has it open; else through the running server that holds it. Never opens an
 * embedded store another process holds, so no path can meet a lock or corruption error.
 */
export async function runDataCommand(options: {
  command: DataCommand;
  raw: RawArgs;
  config: Config;
  io: Io;
}): Promise<number> {
  const { command, raw, config, io } = options;
  if (config.databaseUrl) return report(await runOnPostgres(command, raw, config.databaseUrl, io), io);

  const started = Date.now();
  let waitingFor: string | null = null;
  for (;;) {
    const attempt = acquireLock({ dataDir: config.dataDir, role: 'cli', command: command.name });
    if (attempt.acquired)
      return report(await runOnEmbedded(command, raw, config.dataDir, attempt.lock, io), io);

    const { holder } = attempt;
    if (holder.role === 'server' && holder.url) {
      const answer = await callServer({ url: holder.url, secret: holder.secret, command: command.name, raw });
      if (answer.kind === 'done') {
        if (answer.result.output) io.stdout(answer.result.output);
        return report(answer.result, io);
      }
      if (answer.kind === 'failed') {
        io.stderr(`${answer.message}\n`);
        return EXIT.failed;
      }
      // Refused: the server is stopping or not yet listening; look at the lock again shortly.
    }
    const limit = holder.role === 'server' ? WAIT_FOR_SERVER_MS : WAIT_FOR_CLI_MS;
    if (Date.now() - started > limit) {
      io.stderr(`${stuckMessage(holder, config.dataDir)}\n`);
      return EXIT.failed;
    }
    const who = describeHolder(holder);
    if (waitingFor !== who) {
      io.stderr(`The embedded store is in use by ${who}; waiting for it…\n`);
      waitingFor = who;
    }
    await sleep(250);
  }
}

function stuckMessage(holder: LockInfo, dataDir: string): string {
  const base = `The embedded store in ${dataDir} is held by ${describeHolder(holder)}`;
  if (holder.role === 'server') {
    return (
      `${base}, which does not answer. Wait until it has started, or stop it (kill ${holder.pid}) and try again. ` +
      `If process ${holder.pid} is not Kith, delete ${lockPath(dataDir)}.`
    );
  }
  return `${base}, which has not finished. Wait for it or stop it (kill ${holder.pid}), then try again.`;
}

function report(result: CommandResult, io: Io): number {
  if (result.exitCode === EXIT.usage) io.stderr(`${result.error}\n`);
  else if (result.error) io.stderr(`Error: ${result.error}\n`);
  return result.exitCode;
}

async function runOnEmbedded(
  command: DataCommand,
  raw: RawArgs,
  dataDir: string,
  lock: HeldLock,
  io: Io,
): Promise<CommandResult> {
  let store: Store | null = null;
  try {
    store = await openStore({ dataDir });
    // The embedded store has no separate deploy step, so the first command on a fresh directory sets it up.
    if (command.name !== 'migrate') await migrate(store);
    return await executeCommand({
      command,
      raw,
      db: store.db,
      store,
      out: (line = '') => io.stdout(`${line}\n`),
    });
  } catch (error) {
    return {
      exitCode: EXIT.failed,
      output: '',
      error: `could not open the store in ${dataDir}: ${describeError(error)}`,
    };
  } finally {
    await store?.close();
    lock.release();
  }
}

async function runOnPostgres(
  command: DataCommand,
  raw: RawArgs,
  databaseUrl: string,
  io: Io,
): Promise<CommandResult> {
  const store = await openStore({ databaseUrl });
  try {
    if (command.name !== 'migrate') {
      // Several app servers may share this database, so only `kith migrate` or a server start changes its schema.
      const { pending } = await migrationStatus(store.db);
      if (pending.length > 0) {
        const error = `the database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`kith migrate\` first`;
        return { exitCode: EXIT.failed, output: '', error };
      }
    }
    return await executeCommand({
      command,
      raw,
      db: store.db,
      store,
      out: (line = '') => io.stdout(`${line}\n`),
    });
  } catch (error) {
    return {
      exitCode: EXIT.failed,
      output: '',
      error: `PostgreSQL at DATABASE_URL: ${describeError(error)}`,
    };
  } finally {
    await store.close();
  }
}
