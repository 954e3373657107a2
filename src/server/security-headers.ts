import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The CSP source of every inline script in a page: `'sha256-…'` of each classic `<script>` without a src, as
 * written. The browser hashes the text between the tags exactly, so it is read from the built file.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = '', text = ''] = match;
    if (/\bsrc\s*=/i.test(attributes) || text.trim() === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/** The Content-Security-Policy directives for the API and the built web app. */
export function cspDirectives(options: SecurityHeaderOptions): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'none'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    // The app's own bundles, and index.html's boot script by its hash: no 'unsafe-inline', no eval.
    'script-src': ["'self'", ...options.scriptHashes],
    'script-src-attr': ["'none'"],
    // Styles: the app's CSS files, plus inline <style> elements, which is all Chromium reports the app needs.
    // Mantine creates those at run time for the theme's CSS variables and for responsive style props; their
    // text changes with the theme, the colour scheme and each component's props, so no hash is known in
    // advance, and a nonce would need index.html rendered per request (it is served from memory with an
    // ETag). Inline CSS cannot run script, and script-src stays strict. Style attributes in markup stay
    // refused: React sets style props through the CSSOM, which CSP does not govern.
    'style-src': ["'self'"],
    'style-src-elem': ["'self'", "'unsafe-inline'"],
    'style-src-attr': ["'none'"],
    'worker-src': ["'self'"],
    // Only behind HTTPS: on plain http (a LAN address, a laptop) it would send the app's requests to https.
    ...(options.isHttps ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** What the security headers depend on: the inline scripts to allow, and whether the app is served over https. */
export type SecurityHeaderOptions = { scriptHashes: string[]; isHttps: boolean };

/**
 * helmet's options for every response, API JSON included: the CSP above, no framing (frame-ancestors 'none'
 * and X-Frame-Options DENY), nosniff, Referrer-Policy same-origin, and HSTS when the public URL is https.
 */
function helmetOptions(options: SecurityHeaderOptions) {
  // Not annotated: @fastify/helmet and an ESM import of helmet see two copies of helmet's option types.
  return {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(options) },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Over plain http a browser ignores HSTS, and a server reached by its LAN address must not promise https.
    strictTransportSecurity: options.isHttps ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  } as const;
}

/**
 * Sets the same headers on an answer Fastify sends before any hook runs (a malformed URL, an over-long path
 * parameter: see frameworkErrors), through helmet itself.
 */
export function securityHeadersSetter(
  options: SecurityHeaderOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const apply = helmet(helmetOptions(options));
  return (request, response) =>
    apply(request, response, (error) => {
      if (error) throw error;
    });
}

/** Security headers on every response, through @fastify/helmet. Registered before the auth hook, so a 401 or 403 carries them too. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeaderOptions,
): Promise<void> {
  await app.register(fastifyHelmet, helmetOptions(options));
}
