import { defineConfig } from 'vitest/config';

// Each test file opens its own database (a PGlite clone or a PostgreSQL database made from a template),
// so files run in parallel across the machine's two cores without sharing state.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
