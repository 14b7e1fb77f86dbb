import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetricsService } from './metrics.service';
import { requestContext } from './request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

interface Timed {
  requestId: string;
  started: bigint;
}
const timing = new WeakMap<FastifyRequest, Timed>();

/**
 * Gives every request an id (the caller's X-Request-Id when sane), answers with it, and writes
 * one access line and one latency sample when the response is done. The line names the route
 * pattern, not the URL: URLs can carry tokens and customer ids.
 */
export function registerHttpLogging(fastify: FastifyInstance, metrics: MetricsService): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    reply.header('X-Request-Id', requestId);
    timing.set(request, { requestId, started: process.hrtime.bigint() });
    requestContext.run({ requestId }, done);
  });
  // The body is read between the two: its stream events do not carry the request's context on.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const timed = timing.get(request);
    if (!timed) return done();
    requestContext.run({ requestId: timed.requestId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const timed = timing.get(request);
    if (timed) {
      const seconds = Number(process.hrtime.bigint() - timed.started) / 1e9;
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      metrics.httpDuration.observe({ method: request.method, route, status: String(status) }, seconds);
      requestContext.run({ requestId: timed.requestId }, () =>
        logger.log({ msg: 'request', method: request.method, route, status, ms: Math.round(seconds * 1000) }),
      );
    }
    done();
  });
}
