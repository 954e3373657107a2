import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../domains/workspaces/factories.ts';
import { users } from '../domains/workspaces/schema.ts';
import { openTestApp, type TestApp } from '../test/http.ts';
import { LOCAL_SECRET_HEADER, setLocalCliSecret } from './local-cli.ts';

let t: TestApp;
const SECRET = 'a-secret-from-the-lock-file';

beforeAll(async () => {
  t = await openTestApp();
  await buildUser(t.store.db, { workspace: 'Bridge', email: 'owner@bridge.test' });
});
afterAll(() => t.close());
afterEach(() => setLocalCliSecret(null));

function post(options: {
  secret?: string;
  body?: unknown;
  remoteAddress?: string;
  headers?: Record<string, string>;
}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/local/cli',
    remoteAddress: options.remoteAddress ?? '127.0.0.1',
    headers: { [LOCAL_SECRET_HEADER]: options.secret ?? SECRET, ...options.headers },
    payload: (options.body ?? { command: 'today', args: { asOf: '2025-01-02' } }) as never,
  });
}

describe('POST /api/local/cli', () => {
  it('runs a command in-process for a loopback caller with the lock secret', async () => {
    setLocalCliSecret(SECRET);
    const res = await post({});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      exitCode: 0,
      output: expect.stringContaining('Today for Bridge on 2025-01-02 (everyone)'),
      error: '',
    });
  });

  it('returns usage errors and command failures as exit codes', async () => {
    setLocalCliSecret(SECRET);
    const usage = await post({ body: { command: 'today', args: { asOf: 'tomorrow' } } });
    expect(usage.json()).toMatchObject({ exitCode: 2, error: '--as-of: must be a date as YYYY-MM-DD' });
    const before = await t.store.db.select().from(users);
    const failed = await post({
      body: {
        command: 'admin create-user',
        args: { email: 'owner@bridge.test', password: 'long-enough', role: 'owner', workspace: 'Bridge' },
      },
    });
    expect(failed.json()).toMatchObject({
      exitCode: 1,
      error: 'owner@bridge.test is already a user of workspace Bridge',
    });
    expect(await t.store.db.select().from(users)).toHaveLength(before.length);
  });

  it('is off (404) in a server that holds no embedded store', async () => {
    const res = await post({});
    expect(res.statusCode).toBe(404);
  });

  it('refuses a wrong secret, a missing one, other machines and proxied requests', async () => {
    setLocalCliSecret(SECRET);
    const wrong = await post({ secret: 'guess' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.fields[0].field).toBe(`headers.${LOCAL_SECRET_HEADER}`);

    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/local/cli',
      payload: { command: 'today' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain(LOCAL_SECRET_HEADER);

    expect((await post({ remoteAddress: '192.168.1.20' })).statusCode).toBe(403);
    expect((await post({ headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
  });

  it('rejects an unknown command naming the field', async () => {
    setLocalCliSecret(SECRET);
    const res = await post({ body: { command: 'drop-everything' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('body.command');
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/local/cli'].post;
    expect(op.tags).toEqual(['local']);
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain(
      `header:${LOCAL_SECRET_HEADER}`,
    );
  });
});
