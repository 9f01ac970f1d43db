import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { InvalidConfigError, loadConfig } from '@fleetplane/config';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    forceCloseConnections: false,
  });
  configureApp(app, config);
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const shutdownDeadline = () => {
    // Nest drains in-flight requests and closes the database on SIGTERM; this bounds how long that may take.
    setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting\n`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
  };
  process.once('SIGTERM', shutdownDeadline);
  process.once('SIGINT', shutdownDeadline);
  process.stderr.write(`fleetplane listening on http://${config.host}:${port} (API /v1, docs /docs)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof InvalidConfigError
      ? `${error.message}\n`
      : `fleetplane failed to start: ${(error as Error).stack ?? error}\n`,
  );
  process.exit(1);
});
