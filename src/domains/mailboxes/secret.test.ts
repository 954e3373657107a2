import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireSealKey, resolveSealKey, seal, unseal } from './secret.ts';

const dir = mkdtempSync(join(tmpdir(), 'kith-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailbox password sealing', () => {
  it('seals with AES-256-GCM: opens with the same secret only, and a changed byte is refused', () => {
    const key = resolveSealKey({ secret: 'a long random secret for tests' })!;
    const sealed = seal(key, 'hunter2 ü');
    expect(sealed).not.toContain('hunter2');
    expect(seal(key, 'hunter2 ü')).not.toBe(sealed);
    expect(unseal(key, sealed)).toBe('hunter2 ü');
    const other = resolveSealKey({ secret: 'another secret' })!;
    expect(() => unseal(other, sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => unseal(key, raw.toString('base64'))).toThrow();
  });

  it('without KITH_SECRET: the embedded store keeps a generated secret in its data directory', () => {
    const data = join(dir, 'data');
    const first = resolveSealKey({ dataDir: data })!;
    expect(statSync(join(data, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(unseal(resolveSealKey({ dataDir: data })!, seal(first, 'pw'))).toBe('pw');
  });

  it('without KITH_SECRET on PostgreSQL there is no key, and storing a password says what to set', () => {
    expect(resolveSealKey({})).toBeNull();
    expect(() => requireSealKey(null)).toThrow(/body\.imap\.password: cannot be stored: set KITH_SECRET/);
  });
});
