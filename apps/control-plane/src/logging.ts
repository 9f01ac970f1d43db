import { RequestMethod } from '@nestjs/common';
import { FleetplaneConfig } from '@fleetplane/config';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';

/** JSON logs with the request id on every line, and no credential ever: auth and cookie headers are cut. */
export function loggerOptions(config: FleetplaneConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
      customProps: (request: IncomingMessage) => ({ requestId: (request as IncomingMessage & { id: string }).id }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    },
    // Express 5's path syntax: nestjs-pino's default ('*') makes Nest warn at every start that it converted it.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // Probes and scrapes every few seconds would drown the log.
    exclude: ['/healthz', '/readyz', '/metrics'],
  };
}
