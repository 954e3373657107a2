import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { registerAuth } from './auth.ts';

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db);
});
afterAll(() => t.close());

describe('the HTTP app', () => {
  it('answers health checks', async () => {
    expect((await apiAs(t.app).get('/healthz')).body).toEqual({ ok: true });
    expect((await apiAs(t.app).get('/readyz')).body).toEqual({ ok: true });
  });

  it('documents every API operation with a summary, tags and a success response', async () => {
    const doc = (await apiAs(t.app).get('/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>
      >;
    };
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(
          ([, op]) =>
            !op.summary ||
            !op.tags?.length ||
            !Object.keys(op.responses ?? {}).some((s) => s.startsWith('2')),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const api = apiAs(t.app, owner.token);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Big', industry: 'x'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect((await api.get('/api/companies?q=Big')).body.items).toEqual([]);
  });

  it('names malformed JSON, over-long strings and wrong types as 400s', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/JSON/);
    const api = apiAs(t.app, owner.token);
    const long = await api.post('/api/tiers', { name: 'x'.repeat(500), priority: 1, intervalDays: 7 });
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].field).toBe('body.name');
    const wrong = await api.post('/api/tiers', { name: 'T', priority: 'high', intervalDays: 7 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('body.priority');
    const id = await api.get('/api/contacts/not-a-uuid');
    expect(id.status).toBe(400);
    expect(id.body.error.fields[0].field).toBe('params.id');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await apiAs(t.app, owner.token).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses to start with an /api route that does not declare its auth', async () => {
    const app = Fastify();
    registerAuth(app, t.store.db);
    expect(() => app.get('/api/oops', async () => ({}))).toThrow(/config.auth/);
    expect(() => app.get('/api/fine', { config: { auth: 'read' } }, async () => ({}))).not.toThrow();
    await app.close();
  });
});
