import { buildTemplate, dropTestDatabases } from './template.ts';

/** Migrates one template database per test run; every test file then starts from a copy of it. */
export default async function setup({ provide }: { provide: (key: 'templateRef', value: string) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  provide('templateRef', await buildTemplate(url));
  return async () => {
    if (url) await dropTestDatabases(url, (runId) => runId === process.pid);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateRef: string;
  }
}
