import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

// No Docker engine runs where the tests do, so the container files are checked by reading them.
const repo = resolve(__dirname, '../../..');
const compose = parse(readFileSync(resolve(repo, 'docker-compose.yml'), 'utf8'));
const dockerfile = readFileSync(resolve(repo, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const postgres = compose.services.postgres;
  const plane = compose.services['control-plane'];
  const databaseUrl = new URL(plane.environment.DATABASE_URL);

  it('points the control plane at the compose PostgreSQL with its own credentials and database', () => {
    assert.equal(databaseUrl.hostname, 'postgres');
    assert.equal(databaseUrl.port, '5432');
    assert.equal(databaseUrl.username, postgres.environment.POSTGRES_USER);
    assert.equal(databaseUrl.password, postgres.environment.POSTGRES_PASSWORD);
    assert.equal(databaseUrl.pathname, `/${postgres.environment.POSTGRES_DB}`);
  });

  it('starts the control plane only once PostgreSQL is healthy', () => {
    assert.deepEqual(plane.depends_on, { postgres: { condition: 'service_healthy' } });
    assert.match(postgres.healthcheck.test.join(' '), /pg_isready -U fleetplane -d fleetplane/);
  });

  it('publishes the port the control plane listens on', () => {
    assert.deepEqual(plane.ports, [`${plane.environment.PORT}:${plane.environment.PORT}`]);
  });

  it('requires an encryption key instead of silently generating one per container', () => {
    assert.match(plane.environment.FLEETPLANE_ENCRYPTION_KEY, /^\$\{FLEETPLANE_ENCRYPTION_KEY:\?/);
  });

  it('keeps PostgreSQL data on a named volume', () => {
    assert.ok(postgres.volumes.includes('postgres-data:/var/lib/postgresql/data'));
    assert.ok('postgres-data' in compose.volumes);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('builds in one stage and runs on Node 24 slim in another', () => {
    assert.equal(stages.length, 2);
    for (const stage of stages) assert.match(stage, /^node:24-slim/);
  });

  it('runs as the unprivileged node user with a readiness health check', () => {
    assert.match(runtime, /^USER node$/m);
    assert.match(runtime, /HEALTHCHECK[\s\S]*\/readyz/);
  });

  it('starts the entry point the build produces', () => {
    assert.match(runtime, /CMD \["node", "--enable-source-maps", "dist\/apps\/control-plane\/src\/main\.js"\]/);
    assert.ok(readFileSync(resolve(repo, 'dist/apps/control-plane/src/main.js')).length > 0);
  });

  it('leaves development dependencies out of the image', () => {
    assert.match(stages[0], /npm prune --omit=dev/);
  });
});
