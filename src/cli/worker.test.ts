import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { echoJob } from '../domains/jobs/echo-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { jobRow } from '../domains/jobs/test-kinds.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { loadConfig } from '../shared/config.ts';
import { openTestStore, type TestStore } from '../test/test-store.ts';
import { EXIT } from './command.ts';
import { NO_WORKER_NEEDS_POSTGRES, serveCommand } from './serve.ts';
import { killAll, startKith, waitForOutput } from './spawn-kith.ts';
import { WORKER_NEEDS_POSTGRES, workerCommand } from './worker.ts';

const SLOW = 120_000;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out,
    err,
  };
}

describe('on the embedded store', () => {
  const config = { ...loadConfig({}), dataDir: '/nonexistent/kith-data' };

  it('`kith worker` refuses and says that `kith serve` runs the jobs there', async () => {
    const { io, err } = capture();
    expect(await workerCommand({ argv: [], config, io })).toBe(EXIT.usage);
    expect(err.join('')).toBe(`${WORKER_NEEDS_POSTGRES}\n`);
  });

  it('`kith serve --no-worker` refuses, since nothing else could run the jobs', async () => {
    const { io, err } = capture();
    expect(await serveCommand({ argv: ['--no-worker'], config, io })).toBe(EXIT.usage);
    expect(err.join('')).toBe(`${NO_WORKER_NEEDS_POSTGRES}\n`);
  });

  it('`kith worker --concurrency` takes a whole number from 1', async () => {
    const { io, err } = capture();
    expect(await workerCommand({ argv: ['--concurrency', '0'], config, io })).toBe(EXIT.usage);
    expect(err.join('')).toContain('--concurrency: must be at least 1');
  });
});

describe.runIf(onPostgres)('on PostgreSQL', { timeout: SLOW }, () => {
  let store: TestStore;
  let workspaceId: string;
  beforeAll(async () => {
    store = await openTestStore();
    workspaceId = (await buildUser(store.db)).workspaceId;
  });
  afterAll(async () => {
    killAll();
    await store.close();
  });
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    DATABASE_URL: store.url ?? '',
    LOG_LEVEL: 'warn',
    PORT: '0',
    ...extra,
  });

  it('`kith worker` runs jobs until SIGTERM, then exits cleanly', async () => {
    const worker = startKith(['worker', '--concurrency', '2'], env());
    await waitForOutput(
      worker,
      'is running jobs (demo.echo, imports.run, calendar.refresh-subscription, mailboxes.sync, outbox.send, sequences.advance), 2 at a time',
      SLOW,
    );
    const { id } = await enqueueJob({
      db: store.db,
      workspaceId,
      job: echoJob,
      payload: { message: 'from the test', steps: 3 },
    });
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'), {
      timeout: 30_000,
      interval: 50,
    });
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ processed: 3, total: 3 });
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(worker.exitCode).toBe(0);
    expect(worker.output().stdout).toContain('Stopping (SIGTERM)');
  });

  it('`kith serve` runs jobs in its own process; with --no-worker it says who must', async () => {
    const server = startKith(['serve'], env());
    await waitForOutput(server, 'Background jobs: run by this process', SLOW);
    const { id } = await enqueueJob({
      db: store.db,
      workspaceId,
      job: echoJob,
      payload: { message: 'serve' },
    });
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'), {
      timeout: 30_000,
      interval: 50,
    });
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    expect(server.exitCode).toBe(0);

    const httpOnly = startKith(['serve', '--no-worker'], env());
    await waitForOutput(httpOnly, 'Background jobs: not here (--no-worker): run `kith worker`', SLOW);
    httpOnly.kill('SIGTERM');
    await new Promise((resolve) => httpOnly.once('exit', resolve));
    expect(httpOnly.exitCode).toBe(0);
  });
});
