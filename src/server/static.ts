import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

/** Where `vite build` puts the browser app (`npm run build:web`). */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Serves the built web app on the API's port: its files (compressed when built so), and index.html for any other GET
 * outside /api, so a reload on /contacts/123 opens the app there. Does nothing when the app is not built.
 */
export async function registerWebApp(app: FastifyInstance, root: string = WEB_DIST): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // `npm run build:web` writes .br and .gz copies (scripts/compress-web.ts); browsers get the smallest.
    preCompressed: true,
    setHeaders: (res, path) => {
      // Vite puts a content hash in every asset name, so those never change; index.html must be revalidated.
      const isHashed = path.includes('/assets/');
      res.header('cache-control', isHashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true }, config: { auth: 'public' } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/')) {
      throw new AppError('not_found', `No route for GET ${path}`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
