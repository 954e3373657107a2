import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { openTestStore } from '../test/test-store.ts';
import { buildApp } from './app.ts';

// Cross-site request forgery: a write that rides on the session cookie, or a sign-in, must come from the
// app's own origin. inject() sends Host: localhost:80, so a page of the app sends Origin: http://localhost.

const OWN = 'http://localhost';
const EVIL = 'https://evil.example';
let store: Store;
let app: FastifyInstance;
let user: TestUser;
let session: string;

beforeAll(async () => {
  store = await openTestStore();
  app = await buildApp({ db: store.db, webApp: null });
  user = await buildUser(store.db);
  session = await signIn(app);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** Signs in as a page of the app would, and returns the session cookie. */
async function signIn(on: FastifyInstance, headers: Record<string, string> = { origin: OWN }) {
  const res = await on.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers,
    payload: { email: user.email, password: user.password },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.cookies.find((c) => c.name === 'kith_session')!.value;
}

/** Creates a token through the session cookie, with these headers. */
const createToken = (headers: Record<string, string>, on = app, cookie = session) =>
  on.inject({
    method: 'POST',
    url: '/api/tokens',
    cookies: { kith_session: cookie },
    headers,
    payload: { name: 'csrf probe' },
  });

const tokenCount = async () =>
  (
    await app.inject({
      method: 'GET',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${user.token}` },
    })
  ).json().items.length as number;

describe('a write through the session cookie', () => {
  it('goes through from the app itself: its own Origin, or Sec-Fetch-Site same-origin or none', async () => {
    const fromTheApp: Record<string, string>[] = [
      { origin: OWN },
      { origin: 'http://localhost:80' },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
    ];
    for (const headers of fromTheApp) {
      expect((await createToken(headers)).statusCode, JSON.stringify(headers)).toBe(201);
    }
  });

  it('is refused with 403 from another site, and nothing is written', async () => {
    const before = await tokenCount();
    const fromElsewhere: Record<string, string>[] = [
      { origin: EVIL },
      { origin: 'http://localhost:8080' },
      { origin: 'http://evil.localhost' },
      { origin: 'null' },
      { origin: 'not a url' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      // A page's Origin wins over what Sec-Fetch-Site says.
      { origin: EVIL, 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of fromElsewhere) {
      const res = await createToken(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect(await tokenCount()).toBe(before);
  });

  it('says in words why it was refused', async () => {
    const res = await createToken({ origin: EVIL });
    expect(res.json().error).toEqual({
      code: 'forbidden',
      message: `This change came from another site (${EVIL}), not from Kith at this server (localhost:80), so it was refused. If you use Kith at another address, open it at this server (localhost:80) instead.`,
      fields: [{ field: 'headers.origin', message: 'is another site' }],
    });
  });

  it('is checked for PATCH, PUT and DELETE too, and for signing out', async () => {
    const other = await signIn(app);
    const cookieCall = (method: InjectOptions['method'], url: string, origin: string) =>
      app.inject({ method, url, cookies: { kith_session: other }, headers: { origin }, payload: {} });
    expect(
      (await cookieCall('PATCH', '/api/tiers/00000000-0000-4000-8000-000000000000', EVIL)).statusCode,
    ).toBe(403);
    expect((await cookieCall('PUT', '/api/anything', EVIL)).statusCode).toBe(403);
    expect(
      (await cookieCall('DELETE', '/api/tokens/00000000-0000-4000-8000-000000000000', EVIL)).statusCode,
    ).toBe(403);
    expect((await cookieCall('POST', '/api/auth/logout', EVIL)).statusCode).toBe(403);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { kith_session: other } });
    expect(me.statusCode, 'the session another site tried to end still works').toBe(200);
  });

  it('is allowed with neither header: a program holding the cookie, not a browser', async () => {
    expect((await createToken({})).statusCode).toBe(201);
  });

  it('leaves reads alone, and requests with an API token (a browser never adds one for another site)', async () => {
    const read = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { kith_session: session },
      headers: { origin: EVIL },
    });
    expect(read.statusCode).toBe(200);
    const bearer = { authorization: `Bearer ${user.token}`, origin: EVIL };
    expect(
      (await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'b' } }))
        .statusCode,
    ).toBe(201);
    expect((await createToken(bearer)).statusCode, 'with the cookie too: the token is what counts').toBe(201);
  });
});

describe('signing in', () => {
  it('is refused from another site, with no session cookie (login CSRF)', async () => {
    const crossSite: Record<string, string>[] = [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of crossSite) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers,
        payload: { email: user.email, password: user.password },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('goes through from the app, and from a program that sends neither header', async () => {
    await signIn(app, { origin: OWN });
    await signIn(app, {});
  });
});

describe('the app’s own origin', () => {
  it('is KITH_PUBLIC_URL when set: scheme, host and port must all match', async () => {
    const published = await buildApp({ db: store.db, webApp: null, publicUrl: 'https://crm.example.com' });
    try {
      const cookie = await signIn(published, { origin: 'https://crm.example.com' });
      const from = (origin: string) => createToken({ origin }, published, cookie);
      expect((await from('https://crm.example.com')).statusCode).toBe(201);
      expect((await from('http://crm.example.com')).statusCode).toBe(403);
      expect((await from('https://crm.example.com:8443')).statusCode).toBe(403);
      expect((await from(OWN)).statusCode, 'the Host no longer decides').toBe(403);
    } finally {
      await published.close();
    }
  });

  it('is the host a trusted proxy forwarded, when no public URL is set', async () => {
    const proxied = await buildApp({ db: store.db, webApp: null, trustProxy: ['10.0.0.7'] });
    try {
      const forwarded = { 'x-forwarded-host': 'crm.example.com', 'x-forwarded-proto': 'https' };
      const call = (remoteAddress: string) =>
        proxied.inject({
          method: 'POST',
          url: '/api/tokens',
          remoteAddress,
          cookies: { kith_session: session },
          headers: { ...forwarded, origin: 'https://crm.example.com' },
          payload: { name: 'proxied' },
        });
      expect((await call('10.0.0.7')).statusCode).toBe(201);
      expect((await call('10.0.0.8')).statusCode, 'X-Forwarded-Host from anyone else is ignored').toBe(403);
    } finally {
      await proxied.close();
    }
  });
});
