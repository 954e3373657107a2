import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { type DropboxReceiver, startDropboxReceiver } from '../domains/dropbox/receiver.ts';
import { type Runner, startRunner } from '../domains/jobs/runner.ts';
import type { Config } from '../shared/config.ts';
import { buildApp } from './app.ts';
import { JOB_KINDS } from './job-kinds.ts';
import { setLocalCliSecret } from './local-cli.ts';
import { type DemoLogin, prepareDemo } from './local-demo.ts';
import { acquireLock, type HeldLock, type LockInfo, lockPath } from './local-lock.ts';
import { createMetrics } from './metrics.ts';

export type ServeOptions = {
  config: Config;
  seedDemo: boolean;
  /** Run background jobs in this process too (kith serve); false for --no-worker. */
  worker: boolean;
  say: (line: string) => void;
};

export type Running = { url: string; demoLogin: DemoLogin | null; close: () => Promise<void> };

export type StartResult = { ok: true; running: Running } | { ok: false; message: string };

/** A short CLI command may hold the embedded store for a moment; a server start waits this long for it. */
const WAIT_FOR_CLI_MS = 30_000;

/** The address a person opens, and the one the CLI on this machine calls (wildcards become loopback). */
export function urls(address: AddressInfo): { browser: string; local: string } {
  const host = address.address;
  const isWildcard = host === '0.0.0.0' || host === '::';
  const shown = isWildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const local = host === '::' || host === '::1' ? '[::1]' : isWildcard ? '127.0.0.1' : shown;
  return { browser: `http://${shown}:${address.port}`, local: `http://${local}:${address.port}` };
}

function alreadyRunning(holder: LockInfo, dataDir: string): string {
  const where = holder.url ? ` at ${holder.url}` : ' (still starting)';
  return [
    `Kith is already running on this data directory: server pid ${holder.pid}${where}, since ${holder.startedAt}.`,
    `The embedded store (${dataDir}) allows one process at a time. Either stop that server (Ctrl+C in its`,
    `terminal, or kill ${holder.pid}), or start this one on another directory: KITH_DATA_DIR=./other-data npm start.`,
    'CLI commands such as `kith today` work while it runs: they go through that server.',
  ].join('\n');
}

/** Takes the embedded store's lock for a server, waiting briefly for a CLI command that holds it. */
async function lockForServer(dataDir: string): Promise<{ lock: HeldLock } | { message: string }> {
  const started = Date.now();
  for (;;) {
    const attempt = acquireLock({ dataDir, role: 'server', command: 'serve' });
    if (attempt.acquired) return { lock: attempt.lock };
    if (attempt.holder.role === 'server') return { message: alreadyRunning(attempt.holder, dataDir) };
    if (Date.now() - started > WAIT_FOR_CLI_MS) {
      const { pid, command } = attempt.holder;
      return {
        message: `\`kith ${command}\` (pid ${pid}) holds the embedded store in ${dataDir}. Wait for it to finish or stop it (kill ${pid}); if it is not Kith, delete ${lockPath(dataDir)}.`,
      };
    }
    await sleep(250);
  }
}

/**
 * `kith serve`: locks and opens the store, migrates, seeds the demo when asked and the store is empty,
 * listens, and starts the job runner unless `worker` is false. The lock file then records the URL and a
 * secret, so CLI commands can run through this server.
 */
export async function startServer(options: ServeOptions): Promise<StartResult> {
  const { config } = options;
  let lock: HeldLock | null = null;
  if (!config.databaseUrl) {
    const taken = await lockForServer(config.dataDir);
    if ('message' in taken) return { ok: false, message: taken.message };
    lock = taken.lock;
  }
  let store: Store | null = null;
  let app: FastifyInstance | null = null;
  let runner: Runner | null = null;
  let receiver: DropboxReceiver | null = null;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(store);
    const demoLogin = await prepareDemo({
      db: store.db,
      seed: options.seedDemo,
      showLogin: options.seedDemo || config.demo,
      say: options.say,
    });
    const metrics = createMetrics({ db: store.db, processMetrics: true });
    app = await buildApp({
      db: store.db,
      logger: { level: config.logLevel },
      trustPresenters: true,
      demoLogin,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      metrics,
      metricsToken: config.metricsToken,
      inboundDomain: config.inboundDomain,
    });
    await app.listen({ host: config.host, port: config.port });
    if (config.inboundSmtpPort !== null) {
      receiver = await listenForDropbox({
        config,
        db: store.db,
        log: app.log.child({ component: 'dropbox' }),
      });
      options.say(`Dropbox: receiving mail for @${config.inboundDomain} on SMTP port ${receiver.port}`);
    }
    if (options.worker) {
      runner = await startRunner({
        db: store.db,
        kinds: JOB_KINDS,
        listen: store.listen,
        log: app.log.child({ component: 'jobs' }),
        onOutcome: metrics.recordJob,
      });
    }
    const address = urls(app.server.address() as AddressInfo);
    if (lock) {
      setLocalCliSecret(lock.info.secret);
      lock.setUrl(address.local);
    }
    const opened = { store, app, runner, receiver, lock };
    return { ok: true, running: { url: address.browser, demoLogin, close: () => stop(opened) } };
  } catch (error) {
    await stop({ store, app, runner, receiver, lock });
    if (error instanceof SmtpPortInUse) return { ok: false, message: error.message };
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      return {
        ok: false,
        message: `Port ${config.port} on ${config.host} is already in use. Stop what uses it or set PORT, e.g. PORT=3001 npm start.`,
      };
    }
    throw error;
  }
}

class SmtpPortInUse extends Error {}

/** Starts the dropbox's SMTP receiver on KITH_INBOUND_SMTP_PORT, naming the port when it is taken. */
async function listenForDropbox(options: {
  config: Config;
  db: Store['db'];
  log: FastifyInstance['log'];
}): Promise<DropboxReceiver> {
  const { config } = options;
  const port = config.inboundSmtpPort ?? 0;
  try {
    return await startDropboxReceiver({
      db: options.db,
      port,
      host: config.host,
      domain: config.inboundDomain,
      log: options.log,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new SmtpPortInUse(
      `SMTP port ${port} on ${config.host} is already in use. Stop what uses it or set KITH_INBOUND_SMTP_PORT to another port.`,
    );
  }
}

async function stop(opened: {
  store: Store | null;
  app: FastifyInstance | null;
  runner: Runner | null;
  receiver: DropboxReceiver | null;
  lock: HeldLock | null;
}) {
  setLocalCliSecret(null);
  try {
    // In-flight requests, messages and running jobs finish (or the jobs are handed back) before the store closes.
    const settled = await Promise.allSettled([
      opened.app?.close(),
      opened.runner?.stop(),
      opened.receiver?.close(),
    ]);
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
  } finally {
    try {
      await opened.store?.close();
    } finally {
      opened.lock?.release();
    }
  }
}
