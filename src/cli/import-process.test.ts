import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/client.ts';
import { contactSnapshot } from '../domains/imports/test-helpers.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { openTestStore, type TestStore } from '../test/test-store.ts';
import { kithEnv, runKith, startKith, waitForOutput } from './spawn-kith.ts';

// A `kith import` killed with SIGKILL mid-way, then run again, must end as one uninterrupted run: nothing
// lost, nothing twice. Two workspaces of one store import the same file, one of them killed and resumed.

const ROWS = 6_000;

/** A CSV with companies, tags, notes, bad rows, and people who come back later in the file (other batches). */
function bigCsv(): string {
  const lines = ['First Name,Last Name,Email,Company,Job Title,Tags,Notes,Phone'];
  for (let i = 1; i <= ROWS; i++) {
    const person = i % 10 === 0 && i > 1505 ? i - 1505 : i; // every tenth row is someone from 1,505 rows earlier
    const email = i % 97 === 0 ? 'not-an-email' : i % 3 === 0 ? '' : `p${person}@co${person % 50}.test`;
    const note = i % 10 === 0 ? `Met again ${i}` : i % 7 === 0 ? 'Likes tea' : '';
    lines.push(
      `P${person},Last${person},${email},Company ${person % 50},Title ${i % 5},"t${i % 4},t${person % 3}",${note},+1 555 ${String(i).padStart(6, '0')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const plain = (rows: Record<string, unknown>[]) => rows.map(({ owner_id: _o, tier_id: _t, ...rest }) => rest);

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kith-import-'));
  file = join(dir, 'people.csv');
  writeFileSync(file, bigCsv());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an import to its end, uninterrupted: what the killed one must end as. */
async function wholeImport(env: NodeJS.ProcessEnv, workspace: string) {
  const run = await runKith(['import', file, '--workspace', workspace], env, 300_000);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/\d+ created, [1-9]\d* updated/);
  expect(run.stderr).toMatch(/^[\d,]+ of 6,000 rows$/m);
}

/**
 * Starts an import, kills it with SIGKILL once it reports a batch done (it prints
 * "N of 6,000 rows" on a pipe), then runs it again to its end.
 */
async function killAndResume(env: NodeJS.ProcessEnv, workspace: string) {
  const child = startKith(['import', file, '--workspace', workspace], env);
  const exited = new Promise((r) => child.on('exit', r));
  await waitForOutput(child, /^[1-5],000 of 6,000 rows$/m, 240_000, 'stderr');
  // An import that ended before the kill would prove nothing (and its exit would already have been seen).
  expect(child.exitCode, 'the import finished before it could be killed').toBeNull();
  child.kill('SIGKILL');
  await exited;
  const again = await runKith(['import', file, '--workspace', workspace], env, 300_000);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('Resuming the unfinished import of people.csv');
  return again;
}

describe('kith import killed with SIGKILL and run again', () => {
  it('on the embedded store, ends as one uninterrupted run', async () => {
    const dataDir = join(dir, 'data');
    const env = kithEnv(dataDir);
    for (const ws of ['Whole', 'Killed']) {
      const made = await runKith(
        [
          'admin',
          'create-user',
          '--email',
          `${ws}@x.test`,
          '--password',
          'secret-pass-1',
          '--role',
          'owner',
          '--workspace',
          ws,
        ],
        env,
        300_000,
      );
      expect(made.code, made.stderr).toBe(0);
    }
    await wholeImport(env, 'Whole');
    await killAndResume(env, 'Killed');
    const store = await openStore({ dataDir });
    try {
      const ids = await store.db.execute<{ id: string; name: string }>('select id, name from workspaces');
      const byName = Object.fromEntries(
        (ids as unknown as { rows: { id: string; name: string }[] }).rows.map((r) => [r.name, r.id]),
      );
      const a = plain(await contactSnapshot(store.db, byName.Whole!));
      const b = plain(await contactSnapshot(store.db, byName.Killed!));
      expect(a.length).toBeGreaterThan(ROWS / 2);
      expect(b).toEqual(a);
    } finally {
      await store.close();
    }
  }, 900_000);

  it.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, ends as one uninterrupted run',
    async () => {
      const store: TestStore = await openTestStore();
      try {
        const whole = await buildUser(store.db, { workspace: 'Whole' });
        const killed = await buildUser(store.db, { workspace: 'Killed' });
        const env = { ...kithEnv(join(dir, 'unused')), DATABASE_URL: store.url ?? '' };
        await wholeImport(env, 'Whole');
        await killAndResume(env, 'Killed');
        const a = plain(await contactSnapshot(store.db, whole.workspaceId));
        const b = plain(await contactSnapshot(store.db, killed.workspaceId));
        expect(a.length).toBeGreaterThan(ROWS / 2);
        expect(b).toEqual(a);
      } finally {
        await store.close();
      }
    },
    900_000,
  );
});
