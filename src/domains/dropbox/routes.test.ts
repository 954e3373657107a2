import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { findDropboxOwner } from './dropbox.ts';

let t: TestApp;
let member: TestUser;
let api: Api;

beforeAll(async () => {
  t = await openTestApp();
  member = await buildUser(t.store.db, { workspace: 'Dropbox routes', role: 'member' });
  api = apiAs(t.app, member.token);
});
afterAll(async () => {
  await t.close();
});

const tokenOf = (address: string) => address.split('@')[0] ?? '';

describe('the dropbox address', () => {
  it('is on GET /api/auth/me, made once, at the request host without KITH_INBOUND_DOMAIN', async () => {
    const first = await api.get('/api/auth/me');
    expect(first.status).toBe(200);
    expect(first.body.dropboxAddress).toMatch(/^[0-9a-f]{32}@localhost$/);
    const again = await api.get('/api/auth/me');
    expect(again.body.dropboxAddress).toBe(first.body.dropboxAddress);
  });

  it('uses the inbound domain when one is configured', async () => {
    const app = await buildApp({ db: t.store.db, inboundDomain: 'In.Example.test', webApp: null });
    try {
      const me = await apiAs(app, member.token).get('/api/auth/me');
      expect(me.body.dropboxAddress).toMatch(/^[0-9a-f]{32}@in\.example\.test$/);
    } finally {
      await app.close();
    }
  });

  it('is null for a viewer, who cannot log mail nor regenerate one', async () => {
    const viewer = await buildUser(t.store.db, { workspace: 'Dropbox routes', role: 'viewer' });
    const viewerApi = apiAs(t.app, viewer.token);
    expect((await viewerApi.get('/api/auth/me')).body.dropboxAddress).toBeNull();
    expect((await viewerApi.post('/api/dropbox/regenerate')).status).toBe(403);
  });

  it('is replaced by POST /api/dropbox/regenerate; the old token finds no one, and the audit keeps no token', async () => {
    const before = (await api.get('/api/auth/me')).body.dropboxAddress as string;
    const res = await api.post('/api/dropbox/regenerate');
    expect(res.status).toBe(200);
    expect(res.body.address).toMatch(/^[0-9a-f]{32}@localhost$/);
    expect(res.body.address).not.toBe(before);
    expect((await api.get('/api/auth/me')).body.dropboxAddress).toBe(res.body.address);
    expect(await findDropboxOwner({ db: t.store.db, token: tokenOf(before) })).toBeNull();
    expect(await findDropboxOwner({ db: t.store.db, token: tokenOf(res.body.address) })).toMatchObject({
      userId: member.userId,
    });
    const audits = await queryRows<{ changes: unknown }>(
      t.store.db,
      sql`select changes from audit_log where workspace_id = ${member.workspaceId}::uuid and entity = 'user'
            and entity_id = ${member.userId}::uuid and action = 'update'`,
    );
    expect(audits).toEqual([{ changes: { dropboxAddress: 'regenerated' } }]);
  });
});
