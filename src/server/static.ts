import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';
import { MAX_PARAM_LENGTH, pathParamTooLong, shownPath } from './errors.ts';

/** Where `vite build` puts the browser app (`npm run build:web`). */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** One built file in memory, with the .br and .gz copies `npm run build:web` wrote beside it. */
type WebFile = { type: string; etag: string; body: Buffer; br?: Buffer; gz?: Buffer; isHashed: boolean };

/** Reads the whole built app (a few MB) once, keyed by URL path. */
function loadFiles(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const url = `/${relative(root, path).split(sep).join('/')}`;
    if (url.startsWith('/.vite/') || url.endsWith('.br') || url.endsWith('.gz')) continue;
    const body = readFileSync(path);
    const sibling = (suffix: string) => (existsSync(path + suffix) ? readFileSync(path + suffix) : undefined);
    files.set(url, {
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      body,
      br: sibling('.br'),
      gz: sibling('.gz'),
      // Vite puts a content hash in every asset name, so those never change.
      isHashed: url.startsWith('/assets/'),
    });
  }
  return files;
}

/** Sends a file whole, in the smallest encoding the browser accepts; a matching ETag gets 304. */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  reply
    .header('content-type', file.type)
    .header('cache-control', file.isHashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('etag', file.etag)
    .header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (file.br && /\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(file.br);
  if (file.gz && /\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(file.gz);
  return reply.send(file.body);
}

/** The built web app in memory: its files by URL path, and index.html, which every app path gets. */
export type WebApp = { files: Map<string, WebFile>; index: WebFile };

/** Reads the built web app (a few MB) into memory once; null when it is not built. */
export function loadWebApp(root: string = WEB_DIST): WebApp | null {
  if (!existsSync(`${root}/index.html`)) return null;
  const files = loadFiles(root);
  return { files, index: files.get('/index.html')! };
}

/**
 * Serves the built web app on the API's port from memory: its files (compressed when the build wrote
 * copies), and index.html for any other GET outside /api, so a reload on /contacts/123 opens the app
 * there. Each file goes out in one write, so a large script is not interleaved with API work on the
 * event loop (on PGlite the queries run on it). The app is read at start; rebuild, then restart.
 * Does nothing when the app is not built.
 */
export function registerWebApp(app: FastifyInstance, web: WebApp | null): boolean {
  if (!web) return false;
  const { files, index } = web;
  app.get('/*', { schema: { hide: true }, config: { auth: 'public' } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/')) {
      // The router sends a GET here when a path parameter is longer than it takes, so say that.
      if (path.split('/').some((part) => part.length > MAX_PARAM_LENGTH)) throw pathParamTooLong();
      throw new AppError('not_found', `No route for GET ${shownPath(path)}`);
    }
    const file = files.get(path);
    if (file) return sendFile(request, reply, file);
    if (path.startsWith('/assets/')) throw new AppError('not_found', `No file ${path} in the built app`);
    return sendFile(request, reply, index);
  });
  return true;
}
