import { LOCAL_SECRET_HEADER, LocalCliOutput } from '../server/local-cli.ts';
import type { RawArgs } from './command.ts';
import type { CommandResult } from './execute.ts';

export type ServerAnswer =
  | { kind: 'done'; result: CommandResult }
  /** Nothing was sent: the server is not listening (yet, or any more). Safe to try again. */
  | { kind: 'refused' }
  /** The request may have reached the server; retrying could run the command twice. */
  | { kind: 'failed'; message: string };

/** Commands such as `seed demo` write a lot; the server may take a while. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code;
}

/** Runs a command inside the server that holds the embedded store (POST /api/local/cli). */
export async function callServer(options: {
  url: string;
  secret: string;
  command: string;
  raw: RawArgs;
}): Promise<ServerAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/local/cli', options.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [LOCAL_SECRET_HEADER]: options.secret },
      body: JSON.stringify({ command: options.command, args: options.raw }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const code = causeCode(error);
    if (code === 'ECONNREFUSED') return { kind: 'refused' };
    return {
      kind: 'failed',
      message: `Lost the connection to the Kith server at ${options.url} (${code ?? (error as Error).message}); check whether \`kith ${options.command}\` took effect before running it again.`,
    };
  }
  const parsed = LocalCliOutput.safeParse(await response.json().catch(() => null));
  if (response.ok && parsed.success) return { kind: 'done', result: parsed.data };
  return {
    kind: 'failed',
    message: `The Kith server at ${options.url} refused \`kith ${options.command}\` (HTTP ${response.status}). Stop the server and run the command again, or run it from the web app.`,
  };
}
