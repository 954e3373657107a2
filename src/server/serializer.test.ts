import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { presented } from '../shared/presented.ts';
import { registerErrorHandler } from './errors.ts';
import { responseSerializer } from './serializer.ts';

const Card = presented(z.object({ id: z.string(), score: z.number() }));
const Plain = z.object({ id: z.string() });

/** A server with one presented route and one plain route, each answering what the test hands it. */
async function serverFor(options: { trustPresenters: boolean; answer: unknown }) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setSerializerCompiler(responseSerializer(options));
  registerErrorHandler(app);
  // The handlers answer whatever the test hands them, extra fields included, as a drifting presenter would.
  app.get(
    '/card',
    { schema: { response: { 200: Card } } },
    async () => options.answer as z.infer<typeof Card>,
  );
  app.get(
    '/plain',
    { schema: { response: { 200: Plain } } },
    async () => options.answer as z.infer<typeof Plain>,
  );
  await app.ready();
  return app;
}

describe('responseSerializer', () => {
  it('writes a presenter that builds exactly its schema as it is, trusted or not', async () => {
    for (const trustPresenters of [false, true]) {
      const app = await serverFor({ trustPresenters, answer: { score: 2, id: 'a' } });
      const res = await app.inject({ method: 'GET', url: '/card' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id: 'a', score: 2 });
      await app.close();
    }
  });

  it('fails the request, untrusted, when the presenter adds a field its schema would drop', async () => {
    const app = await serverFor({ trustPresenters: false, answer: { id: 'a', score: 2, passwordHash: 'x' } });
    const res = await app.inject({ method: 'GET', url: '/card' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('passwordHash');
    await app.close();
  });

  it('fails the request, untrusted, when the schema would coerce a value', async () => {
    const Coercing = presented(z.object({ at: z.coerce.string() }));
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setSerializerCompiler(responseSerializer({ trustPresenters: false }));
    registerErrorHandler(app);
    app.get(
      '/at',
      { schema: { response: { 200: Coercing } } },
      async () => ({ at: 42 }) as unknown as { at: string },
    );
    expect((await app.inject({ method: 'GET', url: '/at' })).statusCode).toBe(500);
    await app.close();
  });

  it('writes a presented response as it is when trusted, without parsing it (the untrusted tests guard it)', async () => {
    const app = await serverFor({ trustPresenters: true, answer: { id: 'a', score: 2, extra: true } });
    const res = await app.inject({ method: 'GET', url: '/card' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a', score: 2, extra: true });
    await app.close();
  });

  it('still parses a plain schema when trusted: it drops the extra field', async () => {
    const app = await serverFor({ trustPresenters: true, answer: { id: 'a', passwordHash: 'x' } });
    const res = await app.inject({ method: 'GET', url: '/plain' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a' });
    await app.close();
  });
});
