import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { Db, Store } from '../db/client.ts';

/** Where a command writes its text: one call per line. */
export type Out = (line?: string) => void;

/** What a data command runs with, whether the CLI opened the store itself or a server runs it in-process. */
export type CommandContext<A> = {
  db: Db;
  args: A;
  out: Out;
  /** The store when the CLI opened it itself; null inside a running server (which migrated at start-up). */
  store: Store | null;
};

/** The raw, unvalidated arguments of a command: flags by their camelCase key, and named positionals. */
export type RawArgs = Record<string, string | boolean | undefined>;

/** One `kith` data command: how to parse its argv, how to validate it, and what it does. */
export type DataCommand<S extends z.ZodType = z.ZodType> = {
  /** As typed: "today", "seed demo", "admin create-user". */
  name: string;
  summary: string;
  /** The usage lines shown by --help. */
  usage: string;
  /** node:util parseArgs options, keyed by flag name (kebab-case). */
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments, in order. */
  positionals: string[];
  Args: S;
  /**
   * Rewrites arguments that only mean something in the typing process (a relative file path) into ones
   * that mean the same in a server on this machine; run before the command goes anywhere.
   */
  localize?: (raw: RawArgs) => RawArgs;
  run: (context: CommandContext<z.output<S>>) => Promise<number>;
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Declares a command with its argument types inferred from its Zod schema. */
export function defineCommand<S extends z.ZodType>(command: DataCommand<S>): DataCommand<S> {
  return command;
}

/** A collecting Out, for running a command inside the server and returning its text. */
export function bufferOut(): { out: Out; text: () => string } {
  const lines: string[] = [];
  return { out: (line = '') => lines.push(line), text: () => (lines.length ? `${lines.join('\n')}\n` : '') };
}
