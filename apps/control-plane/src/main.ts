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
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void shutDown(app, config.shutdownTimeoutMs));
  process.stderr.write(`fleetplane listening on http://${config.host}:${port} (API /v1, docs /docs)\n`);
}

/**
 * Stops accepting connections, lets requests in flight finish, then closes the database (Nest's shutdown
 * hooks run after the HTTP server has drained). Bounded, so a stuck request cannot hold the process forever.
 */
async function shutDown(app: NestExpressApplication, timeoutMs: number): Promise<void> {
  setTimeout(() => {
    process.stderr.write(`shutdown took longer than ${timeoutMs} ms; exiting\n`);
    process.exit(1);
  }, timeoutMs).unref();
  await app.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof InvalidConfigError
      ? `${error.message}\n`
      : `fleetplane failed to start: ${(error as Error).stack ?? error}\n`,
  );
  process.exit(1);
});
