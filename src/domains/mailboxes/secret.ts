import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';

/** The key that seals mailbox passwords: 32 bytes derived from KITH_SECRET. */
export type SealKey = Buffer;

const INFO = 'kith mailbox passwords v1';

function derive(secret: string): SealKey {
  return Buffer.from(hkdfSync('sha256', secret, 'kith', INFO, 32));
}

/**
 * The key from KITH_SECRET. Without one, the embedded store keeps a generated secret in its data
 * directory (the data and the key then live and are backed up together); on PostgreSQL there is no
 * safe place to invent one, so there is no key and storing a mailbox password is refused.
 */
export function resolveSealKey(options: { secret?: string | null; dataDir?: string | null }): SealKey | null {
  if (options.secret) return derive(options.secret);
  if (!options.dataDir) return null;
  const file = join(options.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return derive(readFileSync(file, 'utf8').trim());
}

/** A key or the refusal that says what to set. */
export function requireSealKey(key: SealKey | null): SealKey {
  if (key) return key;
  const message =
    'cannot be stored: set KITH_SECRET (a long random string, the same on every server and worker) to keep mailbox passwords on PostgreSQL';
  throw new AppError('validation_failed', `body.imap.password: ${message}`, [
    { field: 'body.imap.password', message },
  ]);
}

/** Seals a password with AES-256-GCM: base64 of iv (12 bytes), tag (16 bytes) and ciphertext. */
export function seal(key: SealKey, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed password; a wrong key or a changed ciphertext throws. */
export function unseal(key: SealKey, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
