import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@fleetplane/config';
import { generateToken } from '@fleetplane/security';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/control-plane/src/app.module';
import { configureApp } from '../../apps/control-plane/src/configure-app';
import { LOOPBACK_CLUSTER_NETWORKS } from './cluster-networks';
import { Backend, createScratchDatabase } from './database';

export interface RunningControlPlane {
  url: string;
  http: ReturnType<typeof supertest>;
  adminToken: string;
  dataSource: DataSource;
  dataDir: string;
  /** The PostgreSQL server database this plane runs on (postgres backend only), for a second replica. */
  databaseUrl?: string;
  app: NestExpressApplication;
  close(): Promise<void>;
  /** Stops the app but leaves its data folder, to start again on it. */
  closeKeepingData(): Promise<void>;
}

/** The real app, configured exactly as `main` configures it, on a free port and its own database. */
export async function startControlPlane(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<RunningControlPlane> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleetplane-e2e-'));
  const scratch = backend === 'postgres' && !env.DATABASE_URL ? await createScratchDatabase() : undefined;
  const adminToken = env.FLEETPLANE_BOOTSTRAP_TOKEN ?? generateToken();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    FLEETPLANE_SANDBOX_CLUSTERS: '0',
    FLEETPLANE_HEALTH_INTERVAL_MS: '0',
    FLEETPLANE_DATA_DIR: dataDir,
    FLEETPLANE_BOOTSTRAP_TOKEN: adminToken,
    ...LOOPBACK_CLUSTER_NETWORKS,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app, config);
  await app.listen(config.port, config.host);
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    url,
    http: supertest(url),
    adminToken,
    dataSource: app.get(DataSource),
    dataDir,
    databaseUrl: env.DATABASE_URL ?? scratch?.url,
    app,
    closeKeepingData: () => app.close(),
    async close() {
      await app.close();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Creates a team and a token in it with the given role, through the API, as the platform admin. */
export async function tokenFor(
  plane: RunningControlPlane,
  team: string,
  role: 'viewer' | 'operator' | 'admin',
): Promise<string> {
  await plane.http.post('/v1/teams').set(bearer(plane.adminToken)).send({ name: team });
  const created = await plane.http
    .post('/v1/tokens')
    .set(bearer(plane.adminToken))
    .send({ name: `${team}-${role}`, team, role })
    .expect(201);
  return created.body.token as string;
}
