import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('runs on the embedded database with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /\.data$/);
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.encryption, { activeKey: undefined, previousKeys: [] });
  });

  it('takes a PostgreSQL server from DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/test');
  });

  it('takes the AWS managed-services endpoint and regions, and refuses a wrong one', () => {
    const config = loadConfig({
      FLEETPLANE_AWS_SERVICES_ENDPOINT: 'http://127.0.0.1:5000',
      FLEETPLANE_AWS_SERVICES_REGIONS: 'us-east-1,eu-west-1',
    });
    assert.equal(config.aws.servicesEndpoint, 'http://127.0.0.1:5000');
    assert.deepEqual(config.aws.servicesRegions, ['us-east-1', 'eu-west-1']);
    const error = captureError(() =>
      loadConfig({ FLEETPLANE_AWS_SERVICES_ENDPOINT: 'moto', FLEETPLANE_AWS_SERVICES_REGIONS: 'mars' }),
    );
    assert.deepEqual(
      error.problems.map((p) => p.variable),
      ['FLEETPLANE_AWS_SERVICES_ENDPOINT', 'FLEETPLANE_AWS_SERVICES_REGIONS'],
    );
  });

  it('names every wrong variable at once without echoing secret values', () => {
    const secret = 'not-a-real-key-but-secret';
    const error = captureError(() =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root@localhost/db',
        FLEETPLANE_ENCRYPTION_KEY: secret,
        FLEETPLANE_BOOTSTRAP_TOKEN: 'short',
        LOG_LEVEL: 'loud',
      }),
    );
    assert.deepEqual(
      error.problems.map((p) => p.variable),
      ['PORT', 'DATABASE_URL', 'FLEETPLANE_BOOTSTRAP_TOKEN', 'FLEETPLANE_ENCRYPTION_KEY', 'LOG_LEVEL'],
    );
    assert.doesNotMatch(error.message, new RegExp(secret));
    assert.match(error.message, /PORT: must be a whole number from 0 to 65535/);
  });

  it('refuses an encryption key that is not 32 bytes', () => {
    const error = captureError(() => loadConfig({ FLEETPLANE_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }));
    assert.equal(error.problems[0].variable, 'FLEETPLANE_ENCRYPTION_KEY');
  });

  it('accepts previous keys for rotation', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(loadConfig({ FLEETPLANE_PREVIOUS_ENCRYPTION_KEYS: `${key}, ${key}` }).encryption.previousKeys, [
      key,
      key,
    ]);
  });

  it('allows no cluster network by default, and reads CIDRs and single addresses of either family', () => {
    assert.deepEqual(loadConfig({}).allowedClusterNetworks, []);
    assert.deepEqual(
      loadConfig({ FLEETPLANE_ALLOWED_CLUSTER_NETWORKS: '127.0.0.0/8, ::1, fd00:ec2::/32' }).allowedClusterNetworks,
      [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
        { address: 'fd00:ec2::', prefix: 32, family: 'ipv6' },
      ],
    );
  });

  it('refuses a cluster network that is not a CIDR', () => {
    for (const value of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.0/8/1', '10.0.0.0/x']) {
      const error = captureError(() => loadConfig({ FLEETPLANE_ALLOWED_CLUSTER_NETWORKS: value }));
      assert.equal(error.problems[0].variable, 'FLEETPLANE_ALLOWED_CLUSTER_NETWORKS');
    }
  });
});

describe('loadConfig: hardening', () => {
  it('limits refused authentications to 30 a minute per address unless told otherwise', () => {
    assert.equal(loadConfig({}).authFailuresPerMinute, 30);
    assert.equal(loadConfig({ FLEETPLANE_AUTH_FAILURES_PER_MINUTE: '5' }).authFailuresPerMinute, 5);
    const error = captureError(() => loadConfig({ FLEETPLANE_AUTH_FAILURES_PER_MINUTE: '0' }));
    assert.equal(error.problems[0].variable, 'FLEETPLANE_AUTH_FAILURES_PER_MINUTE');
  });

  it('leaves single sign-on off without an issuer, and takes it with its documented defaults', () => {
    assert.equal(loadConfig({}).sso, undefined);
    const config = loadConfig({
      FLEETPLANE_SSO_ISSUER: 'https://login.example.com/',
      FLEETPLANE_SSO_CLIENT_ID: 'fleetplane',
      FLEETPLANE_SSO_CLIENT_SECRET: 'sso-client-secret',
      FLEETPLANE_SSO_REDIRECT_BASE_URL: 'https://fleet.example.com',
    });
    assert.deepEqual(config.sso, {
      issuer: 'https://login.example.com',
      clientId: 'fleetplane',
      clientSecret: 'sso-client-secret',
      redirectBaseUrl: 'https://fleet.example.com',
      groupsClaim: 'groups',
      scopes: ['openid', 'profile', 'email', 'groups'],
      sessionTtlMinutes: 480,
    });
  });

  it('asks for the client and redirect base with an issuer, refuses plain http off this machine, and never echoes the secret', () => {
    const missing = captureError(() => loadConfig({ FLEETPLANE_SSO_ISSUER: 'https://login.example.com' }));
    assert.deepEqual(missing.problems.map((problem) => problem.variable).sort(), [
      'FLEETPLANE_SSO_CLIENT_ID',
      'FLEETPLANE_SSO_CLIENT_SECRET',
      'FLEETPLANE_SSO_REDIRECT_BASE_URL',
    ]);
    const insecure = captureError(() =>
      loadConfig({
        FLEETPLANE_SSO_ISSUER: 'http://login.example.com',
        FLEETPLANE_SSO_CLIENT_ID: 'fleetplane',
        FLEETPLANE_SSO_CLIENT_SECRET: 'sso-client-secret',
        FLEETPLANE_SSO_REDIRECT_BASE_URL: 'https://fleet.example.com?x=1',
        FLEETPLANE_SSO_SESSION_TTL_MINUTES: '1',
      }),
    );
    assert.deepEqual(insecure.problems.map((problem) => problem.variable).sort(), [
      'FLEETPLANE_SSO_ISSUER',
      'FLEETPLANE_SSO_REDIRECT_BASE_URL',
      'FLEETPLANE_SSO_SESSION_TTL_MINUTES',
    ]);
    assert.equal(insecure.message.includes('sso-client-secret'), false);
    const loopback = loadConfig({
      FLEETPLANE_SSO_ISSUER: 'http://127.0.0.1:9000',
      FLEETPLANE_SSO_CLIENT_ID: 'fleetplane',
      FLEETPLANE_SSO_CLIENT_SECRET: 'sso-client-secret',
      FLEETPLANE_SSO_REDIRECT_BASE_URL: 'http://localhost:8080',
    });
    assert.equal(loopback.sso?.issuer, 'http://127.0.0.1:9000');
  });

  it('shows per-cluster metrics to the platform team unless they are made public', () => {
    assert.equal(loadConfig({}).metricsPerCluster, 'platform');
    assert.equal(loadConfig({ FLEETPLANE_METRICS_PER_CLUSTER: 'public' }).metricsPerCluster, 'public');
    const error = captureError(() => loadConfig({ FLEETPLANE_METRICS_PER_CLUSTER: 'everyone' }));
    assert.equal(error.problems[0].variable, 'FLEETPLANE_METRICS_PER_CLUSTER');
  });
});

function captureError(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  assert.fail('expected an InvalidConfigError');
}
