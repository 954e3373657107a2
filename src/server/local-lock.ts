import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * PGlite does not lock its data directory: two processes that open it both succeed and then corrupt it.
 * So every Kith process that opens the embedded store first takes `<dataDir>/kith.lock.json`, created
 * atomically (link fails when the file exists), readable only by its owner because it holds the secret
 * that lets the CLI run commands inside a running server.
 */
export const LOCK_FILE = 'kith.lock.json';

export const LockInfo = z.object({
  pid: z.number().int(),
  role: z.enum(['server', 'cli']),
  /** What the holder is doing, for messages: "serve", "today", ... */
  command: z.string(),
  /** Set by a server once it listens. */
  url: z.string().nullable(),
  secret: z.string(),
  startedAt: z.string(),
});
export type LockInfo = z.infer<typeof LockInfo>;

export type HeldLock = {
  info: LockInfo;
  path: string;
  /** Records the URL a server listens on, so CLI commands can reach it. */
  setUrl: (url: string) => void;
  /** Removes the lock file if it is still ours; safe to call twice, and from an exit handler. */
  release: () => void;
};

export type LockResult = { acquired: true; lock: HeldLock } | { acquired: false; holder: LockInfo };

/** The lock file of a data directory. */
export function lockPath(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE);
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock file; null when there is none. An unreadable or garbled file counts as stale. */
export function readLock(path: string): LockInfo | 'garbled' | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = LockInfo.safeParse(safeJson(text));
  return parsed.success ? parsed.data : 'garbled';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Writes the file beside the lock, then links it into place: atomic, and fails when a lock exists. */
function createExclusive(path: string, info: LockInfo): boolean {
  const tmp = `${path}.${info.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(info, null, 2), { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Moves a stale lock aside. If another process took over in between, the file moved is no longer the
 * stale one: put it back (link fails if yet another lock appeared) and let the caller look again.
 */
function removeStale(path: string, stale: LockInfo | 'garbled'): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLock(aside);
  const same =
    stale === 'garbled' ? moved === 'garbled' : moved !== 'garbled' && moved?.secret === stale.secret;
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process holds the lock now; the one we moved belonged to a process that will find it gone.
    }
  }
  unlinkSync(aside);
}

/** Takes the data directory's lock, taking over a stale one (dead pid); else says who holds it. */
export function acquireLock(options: {
  dataDir: string;
  role: LockInfo['role'];
  command: string;
}): LockResult {
  mkdirSync(resolve(options.dataDir), { recursive: true });
  const path = lockPath(options.dataDir);
  const info: LockInfo = {
    pid: process.pid,
    role: options.role,
    command: options.command,
    url: null,
    secret: randomBytes(32).toString('base64url'),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, info)) return { acquired: true, lock: heldLock(path, info) };
    const holder = readLock(path);
    if (holder === null) continue;
    if (holder !== 'garbled' && holder.pid !== process.pid && isAlive(holder.pid)) {
      return { acquired: false, holder };
    }
    removeStale(path, holder);
  }
  throw new Error(`Could not take the lock ${path}; remove it if no Kith process is running`);
}

function heldLock(path: string, info: LockInfo): HeldLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const current = readLock(path);
    if (current !== null && current !== 'garbled' && current.secret === info.secret) unlinkSync(path);
  };
  // Covers process.exit() and uncaught errors; a SIGKILL leaves a stale lock, which the next process takes over.
  process.on('exit', release);
  return {
    info,
    path,
    release,
    setUrl: (url) => {
      info.url = url;
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(info, null, 2), { mode: 0o600 });
      renameSync(tmp, path);
    },
  };
}
