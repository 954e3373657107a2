import type { Db, Store } from '../db/client.ts';
import { AppError } from '../shared/errors.ts';
import { validateArgs } from './args.ts';
import { bufferOut, type DataCommand, EXIT, type Out, type RawArgs } from './command.ts';

export type CommandResult = { exitCode: number; output: string; error: string };

/** The one line a failed command ends with: the domain's message, or a short note for anything else. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const field = error.fields[0];
    return field && !error.message.includes(field.field) && error.code === 'validation_failed'
      ? `${error.message} (${field.field}: ${field.message})`
      : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Validates raw arguments and runs a data command against a database, turning thrown errors into an exit
 * code and a message. The CLI calls it on a store it opened; the server's local route calls it in-process.
 */
export async function executeCommand(options: {
  command: DataCommand;
  raw: RawArgs;
  db: Db;
  store: Store | null;
  out?: Out;
}): Promise<CommandResult> {
  const buffer = bufferOut();
  const out = options.out ?? buffer.out;
  const args = validateArgs(options.command, options.raw);
  if (!args.ok) return { exitCode: EXIT.usage, output: buffer.text(), error: args.message };
  try {
    const exitCode = await options.command.run({
      db: options.db,
      args: args.value,
      out,
      store: options.store,
    });
    return { exitCode, output: buffer.text(), error: '' };
  } catch (error) {
    return { exitCode: EXIT.failed, output: buffer.text(), error: describeError(error) };
  }
}
