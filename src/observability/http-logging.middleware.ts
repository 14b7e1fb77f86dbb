import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';
import { requestContext } from './request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when sane), answers with it, and writes
 * one access line and one latency sample when the response is done. The line names the route
 * pattern, not the URL: URLs can carry tokens and customer ids.
 */
export function httpLogging(metrics: MetricsService) {
  const logger = new Logger('HTTP');
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const path = `${req.baseUrl ?? ''}${route}`;
      metrics.httpDuration.observe({ method: req.method, route: path, status: String(res.statusCode) }, seconds);
      requestContext.run({ requestId }, () =>
        logger.log({ msg: 'request', method: req.method, route: path, status: res.statusCode, ms: Math.round(seconds * 1000) }),
      );
    });
    requestContext.run({ requestId }, next);
  };
}
