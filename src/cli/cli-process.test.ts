import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { tiers } from '../domains/cadence/schema.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { LOCK_FILE } from '../server/local-lock.ts';
import { killAll, kithEnv, runKith, startKith, waitForOutput } from './spawn-kith.ts';

// Real processes on a real data directory: what `npm start` and `npx kith` do. PGlite takes seconds to
// open, so these are few and each covers a whole story.

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kith-cli-'));
  dirs.push(dir);
  return join(dir, 'data');
}

afterAll(() => {
  killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Spawned processes contend with the other test files for two cores; give them room. */
const SLOW = 120_000;
const LOCK_ERROR = /lock|PGlite|Aborted|RuntimeError/i;

// Only the embedded store has a one-process lock; on the PostgreSQL run these would repeat the PGlite run.
const onPglite = !process.env.TEST_DATABASE_URL;

describe.runIf(onPglite)('kith on an idle embedded store', { timeout: SLOW }, () => {
  it('creates a user and workspace, then shows an empty Today, and frees the store', async () => {
    const env = kithEnv(tempDataDir());
    const created = await runKith(
      [
        'admin',
        'create-user',
        '--email',
        'Ada@Example.com',
        '--password',
        'correct-horse',
        '--role',
        'owner',
        '--workspace',
        'Acme',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created owner ada@example.com in new workspace "Acme"');

    const today = await runKith(['today', '--as-of', '2025-03-01'], env);
    expect(today.code).toBe(0);
    expect(today.stdout).toContain('Today for Acme on 2025-03-01 (everyone)');
    expect(today.stdout).toContain('0 due, 0 overdue, 0 with no plan');
    expect(existsSync(join(env.KITH_DATA_DIR!, LOCK_FILE))).toBe(false);

    const again = await runKith(
      [
        'admin',
        'create-user',
        '--email',
        'ada@example.com',
        '--password',
        'correct-horse',
        '--role',
        'member',
        '--workspace',
        'acme',
      ],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ada@example.com is already a user of workspace acme');
  });
});

describe.runIf(onPglite)('kith while a server holds the embedded store', { timeout: SLOW }, () => {
  let dataDir: string;
  let server: ReturnType<typeof startKith>;
  let contactEmail: string;
  let strictEmail: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // Put data in the directory first, then hand it to the server.
    const store = await openStore({ dataDir });
    await migrate(store);
    const owner = await buildUser(store.db, { workspace: 'Acme', email: 'owner@acme.test' });
    contactEmail = 'grace@hopper.test';
    await buildContact(store.db, owner.workspaceId, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: contactEmail,
    });
    const [strict] = await store.db
      .insert(tiers)
      .values({
        workspaceId: owner.workspaceId,
        name: 'Key',
        priority: 1,
        intervalDays: 14,
        requireNextStep: true,
      })
      .returning();
    strictEmail = 'alan@turing.test';
    await buildContact(store.db, owner.workspaceId, {
      firstName: 'Alan',
      lastName: 'Turing',
      tierId: strict!.id,
      email: strictEmail,
    });
    await store.close();

    server = startKith(['serve'], kithEnv(dataDir, { PORT: '0' }));
    await waitForOutput(server, 'Kith is running at http://127.0.0.1:', SLOW);
  }, SLOW);

  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('writes a private lock file naming the server and its URL', () => {
    const path = join(dataDir, LOCK_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lock = JSON.parse(readFileSync(path, 'utf8'));
    expect(lock).toMatchObject({
      pid: server.pid,
      role: 'server',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('runs log, today and admin create-user through the server', async () => {
    const env = kithEnv(dataDir);
    const logged = await runKith(
      [
        'log',
        contactEmail,
        '--kind',
        'call',
        '--summary',
        'Talked about COBOL',
        '--next',
        'Send the paper',
        '--due',
        '2099-01-05',
      ],
      env,
    );
    expect(logged.stderr).toBe('');
    expect(logged.code).toBe(0);
    expect(logged.stdout).toContain('Logged call (out) with Grace Hopper');
    expect(logged.stdout).toContain('Next step: Send the paper, due 2099-01-05.');
    expect(logged.stdout).toContain('Grace Hopper is next due on 2099-01-05.');

    const refused = await runKith(['log', strictEmail, '--kind', 'call', '--summary', 'Quick chat'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Not logged: Tier "Key" requires a next step after a call');

    const today = await runKith(['today', '--as-of', '2099-01-05'], env);
    expect(today.code).toBe(0);
    expect(today.stdout).toMatch(/\n1\s+Alan Turing\s+Key\s+never contacted/);
    expect(today.stdout).toMatch(
      /\n2\s+Grace Hopper\s+.*next step\s+2099-01-05 \(due\)\s+call \d{4}-\d\d-\d\d\s+Send the paper \(2099-01-05\)/,
    );

    const user = await runKith(
      [
        'admin',
        'create-user',
        '--email',
        'new@acme.test',
        '--password',
        'long-enough',
        '--role',
        'viewer',
        '--workspace',
        'Acme',
      ],
      env,
    );
    expect(user.code).toBe(0);
    expect(user.stdout).toContain('Created viewer new@acme.test in workspace "Acme"');

    const migrated = await runKith(['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('The running server migrated the store when it started.');

    for (const run of [logged, refused, today, user, migrated]) expect(run.stderr).not.toMatch(LOCK_ERROR);
  });

  it('refuses a second server on the same directory with what to do', async () => {
    const second = await runKith(['serve'], kithEnv(dataDir, { PORT: '0' }));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `Kith is already running on this data directory: server pid ${server.pid} at http://127.0.0.1:`,
    );
    expect(second.stderr).toContain('KITH_DATA_DIR');
    expect(second.stderr).not.toMatch(/PGlite|Aborted|RuntimeError/);
  });

  it('stops on SIGTERM, removes its lock, and a command then opens the store itself', async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    expect(server.exitCode).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const today = await runKith(
      ['today', '--as-of', '2099-01-05', '--owner', 'owner@acme.test'],
      kithEnv(dataDir),
    );
    expect(today.code).toBe(0);
    expect(today.stdout).toContain('Today for Acme on 2099-01-05 (owner owner@acme.test)');
  });
});

describe('usage errors', { timeout: SLOW }, () => {
  it('name the flag and exit 2 without touching the store', async () => {
    const dataDir = tempDataDir();
    const env = kithEnv(dataDir);
    const missing = await runKith(['log', 'grace@hopper.test', '--kind', 'call'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('kith log: --summary: is required');

    const badDate = await runKith(['today', '--as-of', '2025-02-30'], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of: must be a date as YYYY-MM-DD');

    const unknown = await runKith(['admin', 'create-user', '--mail', 'x@y.co'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--mail'");
    expect(existsSync(dataDir)).toBe(false);
  });
});
