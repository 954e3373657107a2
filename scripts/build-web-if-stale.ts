/**
 * Builds the web app when dist/web is missing or older than its sources, so `npm start` on a fresh clone
 * (or after a pull) serves the current app without a build step to remember, and skips the build otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = join(ROOT, 'dist/web/index.html');
const SOURCES = ['src/web', 'vite.config.ts', 'package-lock.json'];

/** The newest modification time under a file or folder. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const changedAt = Math.max(
  ...SOURCES.map((s) => join(ROOT, s))
    .filter(existsSync)
    .map(newest),
);
if (builtAt < changedAt) {
  console.log(builtAt ? 'The web app changed; building it…' : 'Building the web app (first start)…');
  const result = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
