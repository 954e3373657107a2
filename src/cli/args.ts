import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { DataCommand, RawArgs } from './command.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `asOf` → `--as-of`; positionals read as `<contact>`. */
export function flagName(key: string, positionals: string[] = []): string {
  if (positionals.includes(key)) return `<${key}>`;
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Splits argv into flags and positionals with node:util parseArgs, naming unknown or malformed flags. */
export function parseArgv(command: DataCommand, argv: string[]): Parsed<RawArgs> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the flag in its message ("Unknown option '--x'", "Option '--due <value>' argument missing").
    return { ok: false, message: (error as Error).message.split('. ')[0] ?? String(error) };
  }
  const raw: RawArgs = {};
  for (const [flag, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' || typeof value === 'boolean') raw[camel(flag)] = value;
  }
  const extra = parsed.positionals.slice(command.positionals.length);
  if (extra.length > 0) return { ok: false, message: `Unexpected argument "${extra[0]}"` };
  command.positionals.forEach((name, i) => {
    raw[name] = parsed.positionals[i];
  });
  return { ok: true, value: raw };
}

/** Validates raw arguments with the command's Zod schema; the message names the flag, as typed. */
export function validateArgs<S extends z.ZodType>(
  command: DataCommand<S>,
  raw: RawArgs,
): Parsed<z.output<S>> {
  const result = command.Args.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const key = issue?.path[0];
  const where = typeof key === 'string' ? flagName(key, command.positionals) : 'arguments';
  const missing = issue?.code === 'invalid_type' && raw[String(key)] === undefined;
  return { ok: false, message: `${where}: ${missing ? 'is required' : (issue?.message ?? 'is invalid')}` };
}
