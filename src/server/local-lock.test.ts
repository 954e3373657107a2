import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, lockPath, readLock } from './local-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'kith-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the embedded store lock', () => {
  it('is created with mode 0600, records the URL, and is removed on release', () => {
    const dir = freshDir();
    const taken = acquireLock({ dataDir: dir, role: 'server', command: 'serve' });
    if (!taken.acquired) throw new Error('expected the lock');
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    taken.lock.setUrl('http://127.0.0.1:4000');
    expect(readLock(lockPath(dir))).toMatchObject({
      pid: process.pid,
      role: 'server',
      url: 'http://127.0.0.1:4000',
    });
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    taken.lock.release();
    expect(readLock(lockPath(dir))).toBeNull();
  });

  it('tells a second taker who holds it while the holder lives', () => {
    const dir = freshDir();
    const lockFile = join(dir, LOCK_FILE);
    const first = acquireLock({ dataDir: dir, role: 'cli', command: 'today' });
    if (!first.acquired) throw new Error('expected the lock');
    // Pretend another live process (our parent) holds it.
    const info = { ...first.lock.info, pid: process.ppid, secret: 'someone-else' };
    writeFileSync(lockFile, JSON.stringify(info));
    const second = acquireLock({ dataDir: dir, role: 'server', command: 'serve' });
    expect(second).toEqual({ acquired: false, holder: info });
    // Not ours any more, so release leaves it alone.
    first.lock.release();
    expect(readLock(lockFile)).toEqual(info);
  });

  it('takes over a lock whose process is gone, or a garbled one', () => {
    const dir = freshDir();
    const stale = acquireLock({ dataDir: dir, role: 'server', command: 'serve' });
    if (!stale.acquired) throw new Error('expected the lock');
    writeFileSync(lockPath(dir), JSON.stringify({ ...stale.lock.info, pid: deadPid() }));
    const taken = acquireLock({ dataDir: dir, role: 'cli', command: 'log' });
    expect(taken.acquired).toBe(true);
    const info = JSON.parse(readFileSync(lockPath(dir), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, role: 'cli', command: 'log' });

    writeFileSync(lockPath(dir), '{ not json');
    expect(acquireLock({ dataDir: dir, role: 'cli', command: 'today' }).acquired).toBe(true);
  });
});
