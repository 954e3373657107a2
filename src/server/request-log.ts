import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Logs each request once, at info, when it completes (method, url, client, status, time); Fastify's
 * default also writes an info line on arrival, which here is debug. A request whose connection closes
 * before the app ended its response (the client gave up, or the request hung) gets a warning, so it is never
 * silent. Error, not-found and shutdown lines stay as Fastify writes them.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ method: request.method, url: request.url, ip: request.ip }, 'incoming request');
    // The response's close, not the request's: a request emits close once its body has been read.
    reply.raw.once('close', () => {
      if (reply.raw.writableEnded) return;
      reply.log.warn(
        { method: request.method, url: request.url, ip: request.ip, responseTime: reply.elapsedTime },
        'request closed before its response was sent',
      );
    });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      url: request.url,
      ip: request.ip,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
