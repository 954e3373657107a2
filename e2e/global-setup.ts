import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the web app once before the browser tests, when its sources changed since the last build. */
export default function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync('npx', ['tsx', 'scripts/build-web-if-stale.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the web app failed');
}
