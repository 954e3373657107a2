import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/client.ts';
import { openTestStore } from '../test/test-store.ts';
import { buildApp } from './app.ts';

// Over a real socket, because the failure is in the connection: a server that closes it while the client
// is still sending makes the client fail with ECONNRESET or EPIPE instead of reading the 413.

let store: Store;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  store = await openTestStore();
  app = await buildApp({ db: store.db, webApp: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

type Answer = { status?: number; body: string; errors: string[]; reusedSocket: boolean };

/** POSTs `size` bytes of JSON-ish text in one go and waits until the request is over, collecting any errors. */
function post(options: { size: number; agent?: http.Agent | false; chunked?: boolean }) {
  const body = Buffer.alloc(options.size, 'a');
  return new Promise<Answer>((resolve) => {
    const answer: Answer = { body: '', errors: [], reusedSocket: false };
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (!options.chunked) headers['content-length'] = body.length;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/auth/login',
        agent: options.agent,
        headers,
      },
      (res) => {
        answer.status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          answer.body += chunk;
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => answer.errors.push(error.code ?? error.message));
    req.on('close', () => {
      answer.reusedSocket = req.reusedSocket;
      // Let a late socket error (a reset after the answer) arrive too.
      setTimeout(() => resolve(answer), 50);
    });
    req.end(body);
  });
}

function expect413(answer: Answer) {
  expect(answer.errors).toEqual([]);
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({
    error: {
      code: 'payload_too_large',
      message: 'The request body is larger than the limit of 1 MB',
      fields: [{ field: 'body', message: 'must be at most 1 MB' }],
    },
  });
}

describe('a body over the 1 MB limit', () => {
  it('gets a 413 naming the body and the limit, read in full by a client that asked to close', async () => {
    expect413(await post({ size: 2_000_000, agent: false }));
    expect413(await post({ size: 2_000_000, agent: false, chunked: true }));
    expect413(await post({ size: 8_000_000, agent: false }));
  });

  it('leaves a kept-alive connection open for the next request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect413(await post({ size: 2_000_000, agent }));
      const next = await post({ size: 2_000_000, agent, chunked: true });
      expect413(next);
      expect(next.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
