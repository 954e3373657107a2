import type { FastifyInstance } from 'fastify';
import { openStore } from '../db/client.ts';
import { findOrphanRows } from '../db/integrity.ts';
import { buildApp } from '../server/app.ts';
import { openTestStore, type TestStore } from './test-store.ts';

export type TestApp = { app: FastifyInstance; store: TestStore; close: () => Promise<void> };

/**
 * A real app on a fresh database, driven in-process with inject (no socket). Closing it first checks that
 * the tests left no orphan rows behind (db/integrity.ts), so every route test file checks that too.
 */
export async function openTestApp(options: { poolSize?: number } = {}): Promise<TestApp> {
  const store = await openTestStore(options);
  const app = await buildApp({ db: store.db });
  await app.ready();
  return {
    app,
    store,
    close: async () => {
      try {
        const orphans = await findOrphanRows(store.db);
        if (Object.keys(orphans).length > 0) {
          throw new Error(`The tests left orphan rows behind: ${JSON.stringify(orphans)}`);
        }
      } finally {
        await app.close();
        await store.close();
      }
    },
  };
}

/**
 * A second app with its own connection pool on a test app's PostgreSQL database: another server process
 * as far as the database can tell, for tests of concurrent writers.
 */
export async function openSecondApp(first: TestApp, options: { poolSize?: number } = {}): Promise<TestApp> {
  if (!first.store.url) throw new Error('a second app needs PostgreSQL (TEST_DATABASE_URL)');
  const url = first.store.url;
  const store = await openStore({ databaseUrl: url, poolSize: options.poolSize });
  const app = await buildApp({ db: store.db });
  await app.ready();
  return {
    app,
    store: { ...store, url },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** Bodies are typed loosely: tests assert them field by field. */
export type ApiResponse = { status: number; body: any; headers: Record<string, unknown> };

/** Calls the API as one credential: a bearer token, or none. */
export function apiAs(app: FastifyInstance, token?: string) {
  return apiWith(app, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
export type Api = ReturnType<typeof apiAs>;

/** Calls the API with a session cookie, as the web app does. */
export function apiAsSession(app: FastifyInstance, cookie: string): Api {
  return apiWith(app, { cookies: { kith_session: cookie } });
}

/** The session cookie's value a response set, if any. */
export function sessionCookieOf(res: ApiResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [String(header)] : [];
  for (const cookie of all) {
    const value = /^kith_session=([^;]+)/.exec(String(cookie))?.[1];
    if (value) return value;
  }
  return undefined;
}

/** Signs in with email and password and answers the session cookie's value. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await apiAs(app).post('/api/auth/login', { email, password });
  const cookie = sessionCookieOf(res);
  if (res.status !== 200 || !cookie)
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return cookie;
}

function apiWith(
  app: FastifyInstance,
  credential: { headers?: Record<string, string>; cookies?: Record<string, string> },
) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as never,
      headers: { ...credential.headers, ...headers },
      cookies: credential.cookies ?? {},
    });
    const text = res.body;
    let body: unknown = text;
    if (res.headers['content-type']?.toString().includes('json') && text) body = JSON.parse(text);
    return { status: res.statusCode, body, headers: res.headers } as ApiResponse;
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    patch: (url: string, body?: unknown) => call('PATCH', url, body ?? {}),
    put: (url: string, body?: unknown) => call('PUT', url, body ?? {}),
    delete: (url: string) => call('DELETE', url),
    /** POSTs a multipart form (see domains/imports/upload.ts multipartBody). */
    postForm: (url: string, form: { payload: Buffer; headers: Record<string, string> }) =>
      call('POST', url, form.payload, form.headers),
  };
}
