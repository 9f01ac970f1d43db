import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FleetplaneConfig } from '@fleetplane/config';
import { MetricsRegistry, createValidationPipe, jsonBody, requestIdMiddleware } from '@fleetplane/http';
import { Logger } from 'nestjs-pino';
import { serveConsole } from './console/serve-console';

/** Everything about the HTTP surface that is not a route: shared by `main` and the end-to-end tests. */
export function configureApp(app: NestExpressApplication, config: FleetplaneConfig): OpenAPIObject {
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.use(app.get(MetricsRegistry).httpMiddleware());
  app.use(...jsonBody(config.bodyLimitBytes));
  app.disable('x-powered-by');
  // Our ETags are resource versions for If-Match; Express's body-hash ETags would look like they were too.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'healthz', method: RequestMethod.GET },
      { path: 'readyz', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  if (!serveConsole(app))
    app.get(Logger).warn('the web console is not built (node scripts/build.mjs); serving the API only');
  return setUpOpenApi(app);
}

function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fleetplane API')
      .setDescription(
        'A multicloud Kubernetes control plane. Errors are application/problem+json (RFC 9457) naming each wrong field; lists are cursor-paginated; updates honour If-Match; creates honour Idempotency-Key.',
      )
      .setVersion('v1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (fleetplane tokens create).' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return document;
}
