import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from './errors.ts';
import { loadWebApp, registerWebApp } from './static.ts';

// A stand-in dist/web, so the test does not depend on `vite build` having run.
let root: string;
const BIG_SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`))};`;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kith-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'big-def456.js'), BIG_SCRIPT);
  writeFileSync(join(root, 'assets', 'big-def456.js.br'), brotliCompressSync(BIG_SCRIPT));
  app = Fastify();
  registerErrorHandler(app);
  expect(registerWebApp(app, loadWebApp(root))).toBe(true);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serving the built web app', () => {
  it('serves index.html at / and for any app path, revalidated on every load', async () => {
    for (const url of ['/', '/contacts/123', '/settings/tiers?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long-lived cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('sends the brotli copy written at build to a browser that accepts it, else the file itself', async () => {
    const url = '/assets/big-def456.js';
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG_SCRIPT);
    expect(br.rawPayload.length).toBeLessThan(BIG_SCRIPT.length / 2);
    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_SCRIPT);
  });

  it('answers a repeat load with 304 when the file has not changed, and a missing asset with 404', async () => {
    const first = await app.inject({ method: 'GET', url: '/' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const missing = await app.inject({ method: 'GET', url: '/assets/gone-000000.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('never answers an unknown /api path with the app', async () => {
    for (const url of ['/api', '/api/nope', '/api/contacts/x/y/z']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('answers an /api path whose parameter is too long for the router as a 400, without echoing it', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/contacts/${'x'.repeat(5000)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'params', message: expect.any(String) }]);
    expect(res.body).not.toContain('x'.repeat(200));
    const unknown = await app.inject({ method: 'GET', url: `/api/${'nope/'.repeat(100)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body.length).toBeLessThan(400);
  });

  it('registers nothing when the app is not built', async () => {
    const bare = Fastify();
    registerErrorHandler(bare);
    expect(registerWebApp(bare, loadWebApp(join(root, 'missing')))).toBe(false);
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    await bare.close();
  });
});
