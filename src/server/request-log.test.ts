import { request } from 'node:http';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest } from './request-log.ts';

/** A server logging at `level` into an array, with a quick route and one that answers after 300 ms. */
async function loggedServer(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ logger: { level, stream }, logController: new OneLinePerRequest() });
  app.get('/quick', async () => ({ ok: true }));
  app.post('/echo', async (request) => request.body);
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, lines, port: (app.server.address() as { port: number }).port };
}

describe('request log', () => {
  it('writes one info line per completed request, with method, url, client, status and time', async () => {
    const { app, lines } = await loggedServer('info');
    await app.inject({ method: 'GET', url: '/quick' });
    const request = lines.filter((l) => l.url === '/quick');
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({ level: 30, msg: 'request completed', method: 'GET', statusCode: 200 });
    expect(request[0]).toHaveProperty('ip');
    expect(request[0]).toHaveProperty('responseTime');
    await app.close();
  });

  it('does not warn about a request with a body that got its response', async () => {
    const { app, lines, port } = await loggedServer('info');
    const res = await fetch(`http://127.0.0.1:${port}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(await res.json()).toEqual({ hello: 'world' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((l) => l.url === '/echo').map((l) => l.msg)).toEqual(['request completed']);
    await app.close();
  });

  it('writes the arrival at debug level', async () => {
    const { app, lines } = await loggedServer('debug');
    await app.inject({ method: 'GET', url: '/quick' });
    expect(lines.filter((l) => l.url === '/quick').map((l) => [l.level, l.msg])).toEqual([
      [20, 'incoming request'],
      [30, 'request completed'],
    ]);
    await app.close();
  });

  it('warns when the connection closes before the response was sent', async () => {
    const { app, lines, port } = await loggedServer('info');
    const req = request({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => {});
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines.find((l) => l.msg === 'request closed before its response was sent')).toMatchObject({
      level: 40,
      url: '/slow',
    });
    await app.close();
  });
});
