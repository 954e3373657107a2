import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/client.ts';
import { buildApp } from '../src/server/app.ts';

/** Where the benchmark's API runs, and how to stop it. */
export type BenchServer = { base: string; where: string; close: () => Promise<void> };

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

async function waitForHealth(base: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`kith serve exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`${base}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`kith serve did not answer /healthz within 60 s: ${stderr()}`);
}

/**
 * On PostgreSQL the API runs as its own process, `kith serve` with its production defaults (request
 * logging included, to /dev/null), so the benchmark's own work (fetch, parsing responses, the raw client)
 * does not run on the server's event loop. PGlite allows one process per store and the raw side needs the
 * store, so there the API runs inside the benchmark's process.
 */
export async function startBenchServer(
  options: { kind: 'postgres'; databaseUrl: string } | { kind: 'pglite'; db: Db },
): Promise<BenchServer> {
  if (options.kind === 'pglite') {
    const app = await buildApp({ db: options.db });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      base,
      where: 'in the benchmark process (PGlite: one process per store)',
      close: () => app.close(),
    };
  }
  const port = await freePort();
  // HTTP only: the worker's poll would add its own statements to the store the benchmark times.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--no-worker'], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors = `${errors}${chunk}`.slice(-2000);
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, () => errors);
  return {
    base,
    where: 'its own process (kith serve --no-worker)',
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
