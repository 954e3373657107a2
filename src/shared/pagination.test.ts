import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTier } from '../domains/cadence/factories.ts';
import { buildCompany } from '../domains/companies/factories.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { AppError } from './errors.ts';
import { CursorId, decodeCursor, encodeCursor } from './pagination.ts';

const NameCursor = z.tuple([z.string(), CursorId]);

describe('decodeCursor', () => {
  it('returns the parts of a cursor encodeCursor made', () => {
    const id = randomUUID();
    expect(decodeCursor(encodeCursor(['acme', id]), NameCursor)).toEqual(['acme', id]);
  });

  it.each([
    ['not base64 JSON', 'bogus'],
    ['too few parts', encodeCursor(['acme'])],
    ['a part of the wrong type', encodeCursor([1, randomUUID()])],
    ['an id that is not a uuid', encodeCursor(['acme', 'x'])],
  ])('refuses %s as a validation error naming query.cursor', (_, cursor) => {
    const error = (() => {
      try {
        decodeCursor(cursor, NameCursor);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'query.cursor', message: 'is not a cursor this list returned' }],
    });
  });
});

// A forged cursor is well-formed base64 JSON with the right number of parts but values the list's SQL
// would fail to cast (a readiness of 1.5, an id that is not a uuid): each list answers 400, not 500.
describe('forged cursors over HTTP', () => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await openTestApp();
    owner = await buildUser(t.store.db, { workspace: 'Cursor Co' });
    const tier = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 14 });
    await buildCompany(t.store.db, owner.workspaceId, { name: 'Acme' });
    await buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId, tierId: tier.id });
  });
  afterAll(() => t.close());

  it.each([
    ['/api/today', [1, 1.5, randomUUID()]],
    ['/api/today', [1, 2, 'x']],
    ['/api/today', [1, 99999, randomUUID()]],
    ['/api/orphans', ['a', 'b', 'x']],
    ['/api/companies', ['acme', 'x']],
    ['/api/contacts', ['a', 'b', 'x']],
    ['/api/contacts?q=acme', [-5]],
    ['/api/next-steps', ['2026-01-01', 'x']],
  ])('%s refuses the cursor %j with a 400 naming query.cursor', async (path, parts) => {
    const sep = path.includes('?') ? '&' : '?';
    const res = await apiAs(t.app, owner.token).get(`${path}${sep}cursor=${encodeCursor(parts)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.cursor');
  });
});
