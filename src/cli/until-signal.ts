import { EXIT } from './command.ts';
import type { Io } from './run-command.ts';

/**
 * Keeps a long-running command (serve, worker) alive until SIGINT or SIGTERM, then closes it and resolves
 * to the exit code. A second signal exits at once without waiting for the close.
 */
export function runUntilSignal(options: { close: () => Promise<void>; io: Io }): Promise<number> {
  const { io } = options;
  return new Promise<number>((done) => {
    let isStopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (isStopping) {
        io.stderr(`Received ${signal} again; exiting without waiting.\n`);
        done(EXIT.failed);
        return;
      }
      isStopping = true;
      io.stdout(`Stopping (${signal})…\n`);
      options.close().then(
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
