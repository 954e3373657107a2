import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the built web app on a real server with the demo workspace, driven in Debian's
// Chromium. Separate from `npm test`; run with `npm run test:e2e`. One file at a time: each starts a server
// and a browser, and two cores are not enough to run several side by side without flaky timeouts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
