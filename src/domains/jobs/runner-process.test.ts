import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { type Runner, startRunner } from './runner.ts';
import { FAST, jobRow, testKind } from './test-kinds.ts';

// A real worker process killed with SIGKILL in the middle of a job: no handler, no finally, no goodbye. Only
// its lease running out hands the job to another worker. PostgreSQL only: the embedded store allows one
// process, so there a worker never runs in a process of its own.

const CHILD = fileURLToPath(new URL('./test-child-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let store: TestStore;
let child: ChildProcess | null = null;
let runner: Runner | null = null;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await runner?.stop();
  await store.close();
});

/** Waits until the child has printed a line starting with `text`. */
function lineFrom(worker: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    worker.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(text));
      if (line) resolve(line);
    });
    worker.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before "${text}": ${err}`)));
  });
}

describe('a worker killed with SIGKILL mid-job', () => {
  it.skipIf(!onPostgres)(
    'leaves the job to another worker once its lease runs out',
    { timeout: 60_000 },
    async () => {
      const workspaceId = (await buildUser(store.db)).workspaceId;
      const ranHere: string[] = [];
      const finishing = testKind('test.killed', async ({ jobId }) => void ranHere.push(jobId));
      const { id } = await enqueueJob({ db: store.db, workspaceId, job: finishing, payload: { n: 1 } });

      child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        cwd: ROOT,
        env: { ...process.env, KITH_TEST_WORKER_DATABASE_URL: store.url ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(await lineFrom(child, 'started ')).toBe(`started ${id}`);

      // A second worker, here, while the child holds the job: the child's heartbeat keeps it from taking it.
      runner = await startRunner({
        db: store.db,
        kinds: jobKinds([finishing]),
        listen: store.listen,
        ...FAST,
      });
      const held = (await jobRow(store.db, workspaceId, id)).lockedUntil!;
      await vi.waitFor(
        async () => {
          const row = await jobRow(store.db, workspaceId, id);
          expect(row.lockedBy).toBe('child');
          expect(row.lockedUntil!.getTime()).toBeGreaterThan(held.getTime() + 1000);
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(ranHere).toEqual([]);

      const exited = new Promise((resolve) => child?.on('exit', (_, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'), {
        timeout: 20_000,
        interval: 50,
      });
      expect(ranHere).toEqual([id]);
      expect(await jobRow(store.db, workspaceId, id)).toMatchObject({
        attempts: 2,
        lockedBy: null,
        lastError: null,
      });
    },
  );
});
