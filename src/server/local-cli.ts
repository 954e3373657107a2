import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DATA_COMMANDS } from '../cli/commands/index.ts';
import { executeCommand } from '../cli/execute.ts';
import { AppError } from '../shared/errors.ts';
import { ErrorOutput } from '../shared/validators.ts';

export const LOCAL_SECRET_HEADER = 'x-kith-local-secret';

/**
 * The secret of the lock this process holds on the embedded store, set by `kith serve` (server/start.ts).
 * Null in every other process, such as tests or a PostgreSQL deployment, where the route answers 404.
 */
let activeSecret: string | null = null;

/** Lets CLI commands that hold this secret run inside this server; null turns the route off. */
export function setLocalCliSecret(secret: string | null): void {
  activeSecret = secret;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time: hashing first gives both sides the same length, so timingSafeEqual never throws. */
function secretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** A caller on this machine: loopback, or the server's own address (when it listens on a LAN address). */
function isLocalCaller(request: FastifyRequest): boolean {
  const remote = request.socket.remoteAddress ?? '';
  const isLoopback = remote === '::1' || /^(::ffff:)?127\./.test(remote);
  const isSelf = remote !== '' && remote === request.socket.localAddress;
  const isProxied =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return (isLoopback || isSelf) && !isProxied;
}

export const LocalCliInput = z.object({
  command: z.enum([...DATA_COMMANDS.keys()] as [string, ...string[]]),
  args: z.record(z.string(), z.union([z.string(), z.boolean()])).default({}),
});

export const LocalCliOutput = z.object({
  exitCode: z.number().int().describe('0 ok, 1 failed, 2 usage error'),
  output: z.string().describe('What the command printed'),
  error: z.string().describe('Why it failed; empty on success'),
});

/**
 * POST /api/local/cli: runs a `kith` data command inside this server, because the embedded store admits one
 * process at a time. Only for the CLI on the same machine, proven by the secret in the lock file (mode 0600).
 */
export const localCliRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/local/cli',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['local'],
        summary: 'Run a kith CLI command in this server (local CLI only)',
        description:
          'Used by `kith today`, `kith log`, … while `kith serve` holds the embedded store. Needs the secret from ' +
          `<dataDir>/kith.lock.json in the ${LOCAL_SECRET_HEADER} header and a loopback connection. ` +
          'Answers 404 when this server does not hold an embedded store.',
        headers: z.object({ [LOCAL_SECRET_HEADER]: z.string().min(1).max(200) }),
        body: LocalCliInput,
        response: { 200: LocalCliOutput, 403: ErrorOutput, 404: ErrorOutput },
      },
    },
    async (request) => {
      if (!activeSecret) throw new AppError('not_found', 'This server does not accept local CLI commands');
      if (!isLocalCaller(request)) {
        throw new AppError('forbidden', 'Local CLI commands are accepted only from this machine');
      }
      if (!secretMatches(request.headers[LOCAL_SECRET_HEADER], activeSecret)) {
        throw new AppError(
          'forbidden',
          `The ${LOCAL_SECRET_HEADER} header does not match this server's lock`,
          [{ field: `headers.${LOCAL_SECRET_HEADER}`, message: 'does not match' }],
        );
      }
      const command = DATA_COMMANDS.get(request.body.command);
      if (!command) throw new AppError('not_found', `No command ${request.body.command}`);
      const result = await executeCommand({ command, raw: request.body.args, db: app.db, store: null });
      if (result.exitCode === 1 && result.error) request.log.info({ command: command.name }, result.error);
      return result;
    },
  );
};
