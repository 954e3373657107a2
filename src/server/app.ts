import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.ts';
import type { TrustProxy } from '../shared/config.ts';
import { registerAuth } from './auth.ts';
import { frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandler } from './errors.ts';
import { createMetrics, type Metrics, registerMetrics } from './metrics.ts';
import { registerPublicUrl } from './origin.ts';
import { OneLinePerRequest } from './request-log.ts';
import { apiRoutes } from './routes.ts';
import { registerSameOriginCheck } from './same-origin.ts';
import {
  inlineScriptHashes,
  registerSecurityHeaders,
  type SecurityHeaderOptions,
  securityHeadersSetter,
} from './security-headers.ts';
import { responseSerializer } from './serializer.ts';
import { loadWebApp, registerWebApp, type WebApp } from './static.ts';
import { validatorCompiler } from './validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The domain of dropbox addresses (KITH_INBOUND_DOMAIN or its fallback); null: the request's host. */
    inboundDomain: string | null;
  }
}

export const BODY_LIMIT_BYTES = 1_048_576;

export type AppOptions = {
  db: Db;
  logger?: boolean | { level: string };
  /**
   * Write presented() responses without parsing them again (kith serve). Off by default, so tests and
   * development check that each presenter builds exactly its schema.
   */
  trustPresenters?: boolean;
  /** Shown by GET /api/meta so the sign-in page can offer the demo login. */
  demoLogin?: { email: string; password: string } | null;
  /** The built web app to serve; by default dist/web, read at start (none when it is not built). */
  webApp?: WebApp | null;
  /** KITH_PUBLIC_URL as an origin: the app's own origin for links, cookies and the same-origin check. */
  publicUrl?: string | null;
  /** KITH_TRUST_PROXY: which peers may set X-Forwarded-* (Fastify's trustProxy); none by default. */
  trustProxy?: TrustProxy;
  /** This process's metrics (kith serve shares them with its job runner); a fresh set by default. */
  metrics?: Metrics;
  /** When set, GET /metrics needs it as a bearer token (KITH_METRICS_TOKEN). */
  metricsToken?: string;
  /** The domain of dropbox addresses; by default the host each request names. */
  inboundDomain?: string | null;
};

/**
 * KITH_TRUST_PROXY as Fastify takes it. Fastify 5 treats a bare hop count as trusting no one (it cannot check
 * the peer's address); here a count keeps its usual meaning, the nearest N hops, which like `true` believes
 * any peer, so it is only for a server that nothing but its proxies can reach.
 */
function trustProxyOption(
  value: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/** Assembles the HTTP app: plugins, auth, error mapping, OpenAPI, and every domain's routes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const web = options.webApp === undefined ? loadWebApp() : options.webApp;
  const headers: SecurityHeaderOptions = {
    // Hashed from the built index.html as served, so the policy cannot go stale when the boot script changes.
    scriptHashes: web ? inlineScriptHashes(web.index.body.toString('utf8')) : [],
    isHttps: options.publicUrl?.startsWith('https:') ?? false,
  };
  const setSecurityHeaders = securityHeadersSetter(headers);
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request.raw, reply.raw);
      frameworkErrors(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Every body is JSON: a text/plain one is refused with 415 like any other type, not parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setSerializerCompiler(responseSerializer({ trustPresenters: options.trustPresenters ?? false }));
  app.decorate('db', options.db);
  app.decorate('inboundDomain', options.inboundDomain?.toLowerCase() ?? null);
  registerPublicUrl(app, options.publicUrl ?? null);

  await registerSecurityHeaders(app, headers);
  await app.register(cookie);
  registerSameOriginCheck(app, options.publicUrl ?? null);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kith API',
        version: '0.1.0',
        description: 'Kith keeps relationships alive: cadence tiers, the due engine, interactions and Today.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'kith_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerErrorHandler(app);
  registerAuth(app, options.db);
  registerMetrics(app, {
    metrics: options.metrics ?? createMetrics({ db: options.db }),
    token: options.metricsToken,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async () => {
    await app.db.execute('select 1');
    return { ok: true };
  });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(apiRoutes, { demoLogin: options.demoLogin ?? null });
  registerWebApp(app, web);
  return app;
}
