import { RequestMethod } from '@nestjs/common';
import { FleetplaneConfig } from '@fleetplane/config';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { stdSerializers } from 'pino';

/**
 * Error fields that carry the values a failure was about: TypeORM's SQL `parameters` (token hashes,
 * names), PostgreSQL's `detail` and `where` (`Key (name)=(value) already exists`), the driver's copy of
 * it all, and Node's `input` (an invalid URL, say, from a kubeconfig). The query text stays: it has placeholders.
 */
const VALUE_CARRYING_FIELDS = ['parameters', 'driverError', 'detail', 'where', 'internalQuery', 'input'];

/** pino's error serializer, minus every value-carrying field at any depth (causes included). */
export function serializeErrorWithoutValues(error: Error): Record<string, unknown> {
  return withoutValueFields(stdSerializers.err(error));
}

function withoutValueFields(serialized: object): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (VALUE_CARRYING_FIELDS.includes(key)) continue;
    kept[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? withoutValueFields(value) : value;
  }
  return kept;
}

/** Query parameters that carry one-time secrets: the identity provider's code and the sign-in's state. */
const SECRET_PARAMETERS = ['code', 'state'];

/** A request URL with the value of each secret-carrying query parameter replaced. */
export function withoutSecretParameters(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = new URLSearchParams(url.slice(query + 1));
  for (const name of SECRET_PARAMETERS) if (parameters.has(name)) parameters.set(name, '[redacted]');
  return `${url.slice(0, query)}?${parameters.toString()}`;
}

/**
 * JSON logs with the request id on every line, and no credential ever: auth and cookie headers and
 * redirects are cut, one-time codes in URLs hidden, and logged errors lose the fields that quote input values.
 */
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
          // A sign-in's redirect carries its single-use handoff code (to the console, or the CLI's loopback).
          'res.headers.location',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: withoutSecretParameters(request.url),
        }),
        err: serializeErrorWithoutValues,
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
