import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../domains/imports/upload.ts';
import type { TestUser } from '../domains/workspaces/factories.ts';
import { ROLES, type Role } from '../domains/workspaces/schema.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../test/http.ts';
import {
  buildMember,
  buildWorld,
  type MakeRequest,
  permissionRequests,
  type Req,
  type Whose,
  type World,
} from '../test/permission-requests.ts';

// docs/permissions.md is the specification: this reads its table and, for every row and role, makes the
// request and checks the answer against the cell. A route of the OpenAPI document without a row fails.

const CELLS = ['yes', 'no', 'own', 'not owners', 'anyone'] as const;
type Cell = (typeof CELLS)[number];
type Row = { action: string; key: string; cells: Record<Role, Cell> };
const ORDER: Role[] = ['viewer', 'member', 'admin', 'owner'];
/** Public but off outside `kith serve`: answers 404 here (local-cli.test.ts covers it). */
const OFF_IN_TESTS = new Set(['POST /api/local/cli']);

/** The rows of the permission table in docs/permissions.md. */
function readTable(): Row[] {
  const text = readFileSync(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
  const lines = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
  const [header, ...body] = lines.map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
  expect(header).toEqual(['Action', 'Route', 'Viewer', 'Member', 'Admin', 'Owner']);
  return body.map(([action = '', route = '', ...cells]) => {
    for (const cell of cells) expect(CELLS, `${route}: ${cell}`).toContain(cell);
    const byRole = Object.fromEntries(ORDER.map((role, i) => [role, cells[i] as Cell])) as Record<Role, Cell>;
    return { action, key: route.replaceAll('`', ''), cells: byRole };
  });
}
/** `GET /api/tokens?all=true` and `POST /api/tokens (read)` are rows of the routes GET and POST /api/tokens. */
const routeOf = (key: string) => {
  const [method = '', path = ''] = key.split(' ');
  return `${method} ${path.split('?')[0]}`;
};

const TABLE = readTable();
let t: TestApp;
let world: World;
let requests: Record<string, MakeRequest>;
const callers = {} as Record<Role, TestUser>;

beforeAll(async () => {
  // Mailbox passwords are sealed with it (else a key file would be made in the data directory).
  process.env.KITH_SECRET = 'permission table test secret';
  t = await openTestApp();
  world = await buildWorld(t.app, t.store.db);
  requests = permissionRequests(world);
  for (const role of ROLES) callers[role] = await buildMember(world, role);
});
afterAll(async () => {
  await world.close();
  await t.close();
  delete process.env.KITH_SECRET;
});

async function send(api: Api, req: Req) {
  if (req.headers) {
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      payload: req.body as never,
      headers: req.headers,
    });
    return { status: res.statusCode, body: res.json() };
  }
  const res =
    req.method === 'GET'
      ? await api.get(req.url)
      : req.method === 'DELETE'
        ? await api.delete(req.url)
        : req.calendar
          ? await api.postForm(req.url, {
              payload: Buffer.from(req.calendar),
              headers: { 'content-type': 'text/calendar' },
            })
          : req.upload
            ? await api.postForm(
                req.url,
                multipartBody(
                  {},
                  { name: 'a.csv', bytes: Buffer.from('Name,Email\nAna,ana@permissions.test\n') },
                ),
              )
            : await api[req.method === 'POST' ? 'post' : 'patch'](req.url, req.body);
  req.after?.(res.status);
  return res;
}

/** Makes a row's request as `caller` on `whose` thing and checks it is allowed (2xx) or refused (403). */
async function expectAnswer(row: Row, caller: TestUser, whose: Whose, allowed: boolean, api?: Api) {
  const req = await requests[row.key]!(caller, whose);
  const res = await send(api ?? apiAs(t.app, caller.token), req);
  const what = `${caller.role} ${whose}: ${req.method} ${req.url} → ${res.status} ${JSON.stringify(res.body)}`;
  if (allowed && req.unavailable) expect(res.status, `${what} (${req.unavailable})`).not.toBe(403);
  else if (allowed) expect(res.status, what).toBeLessThan(300);
  else expect(res.status, what).toBe(403);
  return res;
}

describe('the permission table', () => {
  it('has a row for every route of the OpenAPI document, and a request for every row', async () => {
    const doc = (await apiAs(t.app).get('/api/openapi.json')).body as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(TABLE.map((r) => routeOf(r.key)));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([]);
    expect(TABLE.map((r) => r.key).sort()).toEqual(Object.keys(requests).sort());
  });

  it('marks as "anyone" exactly the routes that answer without a credential', async () => {
    for (const row of TABLE) {
      const isPublic = Object.values(row.cells).every((c) => c === 'anyone');
      expect(isPublic || !Object.values(row.cells).includes('anyone'), row.key).toBe(true);
      const res = await send(apiAs(t.app), await requests[row.key]!(world.owner, 'other'));
      if (!isPublic) expect(res.status, row.key).toBe(401);
      else if (OFF_IN_TESTS.has(row.key))
        expect(res.status, `${row.key} ${JSON.stringify(res.body)}`).toBe(404);
      else expect(res.status, `${row.key} ${JSON.stringify(res.body)}`).toBeLessThan(300);
    }
  });
});

for (const role of ORDER) {
  describe(`as ${role}`, () => {
    for (const row of TABLE.filter((r) => r.cells[role] !== 'anyone')) {
      const cell = row.cells[role];
      it(`${row.action} (${row.key}): ${cell}`, async () => {
        const caller = callers[role];
        if (cell === 'yes' || cell === 'no') await expectAnswer(row, caller, 'other', cell === 'yes');
        if (cell === 'own') {
          await expectAnswer(row, caller, 'own', true);
          await expectAnswer(row, caller, 'other', false);
        }
        if (cell === 'not owners') {
          await expectAnswer(row, caller, 'other', true);
          await expectAnswer(row, caller, 'owner', false);
        }
      });
    }

    it('with a read-only token: reads as the table says, and every write is refused (403)', async () => {
      const caller = callers[role];
      const created = await apiAs(t.app, caller.token).post('/api/tokens', { name: 'reader', scope: 'read' });
      const reader = apiAs(t.app, created.body.token);
      for (const row of TABLE.filter((r) => r.cells[role] !== 'anyone')) {
        const isRead = routeOf(row.key).startsWith('GET ');
        const whose = row.cells[role] === 'own' ? 'own' : 'other';
        const res = await expectAnswer(row, caller, whose, isRead && row.cells[role] !== 'no', reader);
        if (!isRead) expect(res.body.error.message, row.key).toMatch(/read-only/);
      }
    });
  });
}
