import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { kithEnv, runKith } from '../spawn-kith.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const google = fileURLToPath(new URL('../../domains/imports/fixtures/google.csv', import.meta.url));

describe('kith import --dry-run', () => {
  it('says row by row what it would do, then the counts, and writes nothing', async () => {
    const env = kithEnv(join(dir, 'data'));
    const made = await runKith(
      [
        'admin',
        'create-user',
        '--email',
        'o@x.test',
        '--password',
        'secret-pass-1',
        '--role',
        'owner',
        '--workspace',
        'W',
      ],
      env,
      120_000,
    );
    expect(made.code, made.stderr).toBe(0);
    const dry = await runKith(['import', google, '--workspace', 'W', '--dry-run'], env, 120_000);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      '  row 1: would create Ada Lovelace: New contact, at a new company Analytical Engines',
    );
    expect(dry.stdout).toContain('  row 4, email: is not an email address: "not-an-email"');
    expect(dry.stdout).toMatch(/Dry run, nothing written: 3 created, 0 updated, 1 skipped, 2 errors/);
    const exported = await runKith(['export', '--format', 'csv', '--workspace', 'W'], env, 120_000);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).not.toContain('Lovelace');
  }, 300_000);
});
