import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An absolute link to `path` in this app, for links that leave it (unsubscribe, dropbox and ICS links):
     * on KITH_PUBLIC_URL when set, else on the origin `request` was addressed to.
     */
    publicUrl: (path: string, request?: FastifyRequest) => string;
    /** KITH_PUBLIC_URL as an origin (https://crm.example.com), or null when it is not configured. */
    publicOrigin: string | null;
  }
}

/**
 * The origin a request was addressed to: its protocol and Host. Behind a trusted proxy (KITH_TRUST_PROXY)
 * these come from X-Forwarded-Proto and X-Forwarded-Host; from anyone else those headers are ignored.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** An absolute URL for `path` (starting with one /) on `origin`. */
export function absoluteUrl(path: string, origin: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) {
    throw new Error(`A public link needs a path that starts with one /, not "${path}"`);
  }
  return new URL(path, origin).href;
}

/** Decorates the app with publicOrigin and publicUrl(path, request?). */
export function registerPublicUrl(app: FastifyInstance, publicOrigin: string | null): void {
  app.decorate('publicOrigin', publicOrigin);
  app.decorate('publicUrl', (path: string, request?: FastifyRequest) => {
    const origin = publicOrigin ?? (request ? requestOrigin(request) : null);
    if (!origin) throw new Error('Set KITH_PUBLIC_URL to build links outside a request');
    return absoluteUrl(path, origin);
  });
}
