import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.ts';
import { registerAuth } from './auth.ts';
import { frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandler } from './errors.ts';
import { createMetrics, type Metrics, registerMetrics } from './metrics.ts';
import { OneLinePerRequest } from './request-log.ts';
import { apiRoutes } from './routes.ts';
import { responseSerializer } from './serializer.ts';
import { registerWebApp } from './static.ts';
import { validatorCompiler } from './validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
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
  /** This process's metrics (kith serve shares them with its job runner); a fresh set by default. */
  metrics?: Metrics;
  /** When set, GET /metrics needs it as a bearer token (KITH_METRICS_TOKEN). */
  metricsToken?: string;
};

/** Assembles the HTTP app: plugins, auth, error mapping, OpenAPI, and every domain's routes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Every body is JSON: a text/plain one is refused with 415 like any other type, not parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setSerializerCompiler(responseSerializer({ trustPresenters: options.trustPresenters ?? false }));
  app.decorate('db', options.db);

  await app.register(cookie);
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
  await registerWebApp(app);
  return app;
}
