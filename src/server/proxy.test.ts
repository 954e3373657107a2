import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import type { TrustProxy } from '../shared/config.ts';
import { openTestStore } from '../test/test-store.ts';
import { buildApp } from './app.ts';
import { absoluteUrl } from './origin.ts';

// Behind a TLS proxy: KITH_TRUST_PROXY says whose X-Forwarded-* to believe, KITH_PUBLIC_URL where people
// open Kith. Requests are injected from a chosen peer address (remoteAddress).

const PROXY = '10.0.0.7';
let store: Store;
let user: TestUser;
let behindProxy: FastifyInstance;
let published: FastifyInstance;

beforeAll(async () => {
  store = await openTestStore();
  user = await buildUser(store.db);
  behindProxy = await buildApp({ db: store.db, webApp: null, trustProxy: [PROXY] });
  published = await buildApp({ db: store.db, webApp: null, publicUrl: 'https://crm.example.com' });
});
afterAll(async () => {
  await behindProxy?.close();
  await published?.close();
  await store?.close();
});

/** Signs in from `peer` with the given headers and returns the session cookie's attributes. */
async function sessionCookie(app: FastifyInstance, peer: string, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: peer,
    headers,
    payload: { email: user.email, password: user.password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'kith_session');
  expect(cookie).toBeDefined();
  return cookie!;
}

describe('behind a trusted proxy (KITH_TRUST_PROXY)', () => {
  it('makes the session cookie Secure when the proxy says the browser used https', async () => {
    const cookie = await sessionCookie(behindProxy, PROXY, { 'x-forwarded-proto': 'https' });
    expect(cookie.secure).toBe(true);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('ignores X-Forwarded-Proto from an address that is not the proxy', async () => {
    const cookie = await sessionCookie(behindProxy, '10.0.0.8', { 'x-forwarded-proto': 'https' });
    expect(cookie.secure).toBeFalsy();
  });

  it('leaves the cookie without Secure when the proxy says the browser used plain http', async () => {
    const cookie = await sessionCookie(behindProxy, PROXY, { 'x-forwarded-proto': 'http' });
    expect(cookie.secure).toBeFalsy();
  });

  it('builds links on the forwarded host and protocol only when the proxy sent them', async () => {
    const seen: string[] = [];
    const app = await buildApp({ db: store.db, webApp: null, trustProxy: [PROXY] });
    app.get('/link', { config: { auth: 'public' } }, async (request) => {
      seen.push(app.publicUrl('/unsubscribe/abc', request));
      return {};
    });
    const headers = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'crm.example.com',
      host: 'kith:3000',
    };
    await app.inject({ method: 'GET', url: '/link', remoteAddress: PROXY, headers });
    await app.inject({ method: 'GET', url: '/link', remoteAddress: '192.0.2.1', headers });
    await app.close();
    expect(seen).toEqual(['https://crm.example.com/unsubscribe/abc', 'http://kith:3000/unsubscribe/abc']);
  });
});

describe('whom the server believes about the client address', () => {
  /** request.ip as an app with this trustProxy sees it, for a request from `peer` forwarded for 198.51.100.9. */
  async function clientIp(trustProxy: TrustProxy, peer: string): Promise<string> {
    const app = await buildApp({ db: store.db, webApp: null, trustProxy });
    app.get('/ip', { config: { auth: 'public' } }, async (request) => ({ ip: request.ip }));
    const headers = { 'x-forwarded-for': '203.0.113.5, 198.51.100.9' };
    const res = await app.inject({ method: 'GET', url: '/ip', remoteAddress: peer, headers });
    await app.close();
    return res.json().ip;
  }

  it('takes X-Forwarded-For only from a listed proxy, nobody by default, and the nearest hops for a count', async () => {
    expect(await clientIp([PROXY], PROXY)).toBe('198.51.100.9');
    expect(await clientIp(['10.0.0.0/24'], PROXY)).toBe('198.51.100.9');
    expect(await clientIp([PROXY], '10.0.0.8')).toBe('10.0.0.8');
    expect(await clientIp(false, PROXY)).toBe(PROXY);
    expect(await clientIp(1, '10.9.9.9')).toBe('198.51.100.9');
    expect(await clientIp(2, '10.9.9.9')).toBe('203.0.113.5');
  });
});

describe('with a public URL (KITH_PUBLIC_URL)', () => {
  it('makes the session cookie Secure when the public URL is https, however the request arrived', async () => {
    expect((await sessionCookie(published, '127.0.0.1')).secure).toBe(true);
  });

  it('builds absolute links on the public URL, with or without a request', () => {
    expect(published.publicUrl('/ics/feed.ics?token=a b')).toBe(
      'https://crm.example.com/ics/feed.ics?token=a%20b',
    );
    expect(() => published.publicUrl('//evil.example/x')).toThrow(/one \//);
    expect(() => behindProxy.publicUrl('/x')).toThrow(/KITH_PUBLIC_URL/);
    expect(absoluteUrl('/dropbox', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/dropbox');
  });

  it('sends HSTS and upgrade-insecure-requests only when the public URL is https', async () => {
    const secure = await published.inject({ method: 'GET', url: '/healthz' });
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(secure.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    const plain = await behindProxy.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
