import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { openTestStore } from '../test/test-store.ts';
import { buildApp } from './app.ts';
import { inlineScriptHashes } from './security-headers.ts';
import { loadWebApp } from './static.ts';

// A stand-in dist/web with an inline boot script, so the test does not depend on `vite build` having run.
const BOOT = "\n      window.__kithBoot = { '/api/auth/me': fetch('/api/auth/me') };\n    ";
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

let root: string;
let store: Store;
let app: FastifyInstance;
let owner: TestUser;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kith-csp-'));
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html><head><script>${BOOT}</script><script type="module" crossorigin src="/assets/app.js"></script></head><body><div id="root"></div></body></html>`,
  );
  store = await openTestStore();
  app = await buildApp({ db: store.db, webApp: loadWebApp(root) });
  owner = await buildUser(store.db);
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The CSP's directives by name. */
function directives(header: unknown): Map<string, string[]> {
  const entries = String(header)
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((parts) => parts[0]);
  return new Map(entries.map(([name = '', ...values]) => [name, values]));
}

/** The headers every response must carry, whatever answered it. */
function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  const csp = directives(headers['content-security-policy']);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('script-src'), what).not.toContain("'unsafe-inline'");
  expect(csp.get('script-src'), what).not.toContain("'unsafe-eval'");
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describe('inlineScriptHashes', () => {
  it('hashes the exact text of each inline script, and skips scripts loaded from a file', () => {
    const html = `<script>${BOOT}</script><script type="module" src="/a.js"></script><SCRIPT>let a = 1;</SCRIPT>`;
    expect(inlineScriptHashes(html)).toEqual([sha256(BOOT), sha256('let a = 1;')]);
  });
});

describe('security headers', () => {
  it("allow index.html's boot script by its hash, computed from the built file, and nothing inline else", async () => {
    for (const url of ['/', '/contacts/123']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res.headers, url);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('script-src')).toEqual(["'self'", sha256(BOOT)]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      // Over plain http: no upgrade of the app's own requests, no HSTS.
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('follow the built file: another boot script gets its own hash when the server loads it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'kith-csp-'));
    try {
      writeFileSync(join(other, 'index.html'), '<script>window.changed = true;</script>');
      const changed = await buildApp({ db: store.db, webApp: loadWebApp(other) });
      const res = await changed.inject({ method: 'GET', url: '/' });
      expect(directives(res.headers['content-security-policy']).get('script-src')).toEqual([
        "'self'",
        sha256('window.changed = true;'),
      ]);
      await changed.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('are on API answers too: success, 400, 401, 404, 413, and errors before routing', async () => {
    const auth = { authorization: `Bearer ${owner.token}` };
    const answers = {
      'GET /api/tiers (200)': await app.inject({ method: 'GET', url: '/api/tiers', headers: auth }),
      'GET /api/auth/me without a credential (401)': await app.inject({ method: 'GET', url: '/api/auth/me' }),
      'POST /api/tiers with a bad body (400)': await app.inject({
        method: 'POST',
        url: '/api/tiers',
        headers: auth,
        payload: { name: '' },
      }),
      'DELETE /api/nowhere (404)': await app.inject({ method: 'DELETE', url: '/api/nowhere' }),
      'POST /api/companies over 1 MB (413)': await app.inject({
        method: 'POST',
        url: '/api/companies',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      }),
      'a malformed URL (400)': await app.inject({ method: 'GET', url: '/api/contacts/%E0%A4%A' }),
      'GET /healthz': await app.inject({ method: 'GET', url: '/healthz' }),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.statusCode, what).not.toBe(500);
      expectSecurityHeaders(res.headers, what);
    }
  });
});
