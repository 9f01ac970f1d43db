import { isIP } from 'node:net';
import { resolve } from 'node:path';
import {
  FleetplaneConfig,
  IpNetwork,
  LOG_LEVELS,
  LogLevel,
  METRICS_PER_CLUSTER,
  MetricsPerCluster,
  SsoConfig,
} from './config';
import { TOKEN_PATTERN } from './token-format';

/** One wrong setting: the variable's name and what is wrong with its value (never the value itself). */
export interface ConfigProblem {
  variable: string;
  message: string;
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Reads and validates the environment, reporting every wrong variable at once. */
export function loadConfig(env: Env = process.env): FleetplaneConfig {
  const problems: ConfigProblem[] = [];
  const read = new EnvReader(env, problems);
  const config: FleetplaneConfig = {
    port: read.integer('PORT', 8080, 0, 65535),
    host: read.string('HOST', '0.0.0.0'),
    dataDir: resolve(read.string('FLEETPLANE_DATA_DIR', './.data')),
    databaseUrl: read.postgresUrl('DATABASE_URL'),
    bootstrapToken: read.token('FLEETPLANE_BOOTSTRAP_TOKEN'),
    encryption: {
      activeKey: read.aesKey('FLEETPLANE_ENCRYPTION_KEY'),
      previousKeys: read.aesKeyList('FLEETPLANE_PREVIOUS_ENCRYPTION_KEYS'),
    },
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info') as LogLevel,
    bodyLimitBytes: read.integer('FLEETPLANE_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    rateLimitPerMinute: read.integer('FLEETPLANE_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
    authFailuresPerMinute: read.integer('FLEETPLANE_AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    metricsPerCluster: read.oneOf(
      'FLEETPLANE_METRICS_PER_CLUSTER',
      METRICS_PER_CLUSTER,
      'platform',
    ) as MetricsPerCluster,
    shutdownTimeoutMs: read.integer('FLEETPLANE_SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
    health: {
      intervalMs: read.integer('FLEETPLANE_HEALTH_INTERVAL_MS', 30_000, 0, 86_400_000),
      concurrency: read.integer('FLEETPLANE_HEALTH_CONCURRENCY', 64, 1, 10_000),
      timeoutMs: read.integer('FLEETPLANE_HEALTH_TIMEOUT_MS', 5_000, 100, 600_000),
      jitterMs: read.integer('FLEETPLANE_HEALTH_JITTER_MS', 1_000, 0, 600_000),
    },
    sandboxClusters: read.integer('FLEETPLANE_SANDBOX_CLUSTERS', env.DATABASE_URL ? 0 : 3, 0, 1000),
    rollouts: {
      enabled: read.oneOf('FLEETPLANE_ROLLOUTS', ['on', 'off'], 'on') === 'on',
      concurrentDeployments: read.integer('FLEETPLANE_CONCURRENT_DEPLOYMENTS', 8, 1, 1000),
    },
    driftIntervalMs: read.integer('FLEETPLANE_DRIFT_INTERVAL_MS', 300_000, 0, 86_400_000),
    eventsKeepAliveMs: read.integer('FLEETPLANE_EVENTS_KEEPALIVE_MS', 15_000, 100, 600_000),
    allowedClusterNetworks: read.networks('FLEETPLANE_ALLOWED_CLUSTER_NETWORKS'),
    sso: readSso(read),
    aws: {
      eksEndpoint: read.httpUrl('FLEETPLANE_EKS_ENDPOINT'),
      stsEndpoint: read.httpUrl('FLEETPLANE_STS_ENDPOINT'),
      regions: read.list('FLEETPLANE_EKS_REGIONS', AWS_REGION, 'AWS regions such as us-east-1'),
      servicesEndpoint: read.httpUrl('FLEETPLANE_AWS_SERVICES_ENDPOINT'),
      servicesRegions: read.list('FLEETPLANE_AWS_SERVICES_REGIONS', AWS_REGION, 'AWS regions such as us-east-1'),
    },
  };
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}

/** Single sign-on is on when an issuer is set; then the client and the redirect base are required too. */
function readSso(read: EnvReader): SsoConfig | undefined {
  const issuer = read.oidcUrl('FLEETPLANE_SSO_ISSUER');
  const required = (variable: string) => read.required(variable, 'is required when FLEETPLANE_SSO_ISSUER is set');
  if (issuer === undefined) return undefined;
  return {
    issuer,
    clientId: required('FLEETPLANE_SSO_CLIENT_ID'),
    clientSecret: required('FLEETPLANE_SSO_CLIENT_SECRET'),
    redirectBaseUrl: read.oidcUrl('FLEETPLANE_SSO_REDIRECT_BASE_URL', { required: true }),
    groupsClaim: read.string('FLEETPLANE_SSO_GROUPS_CLAIM', 'groups'),
    scopes: read.scopes('FLEETPLANE_SSO_SCOPES', ['openid', 'profile', 'email', 'groups']),
    sessionTtlMinutes: read.integer('FLEETPLANE_SSO_SESSION_TTL_MINUTES', 480, 5, 43_200),
  };
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: ConfigProblem[],
  ) {}

  string(variable: string, fallback: string): string {
    const value = this.raw(variable);
    return value ?? fallback;
  }

  integer(variable: string, fallback: number, min: number, max: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      return this.fail(variable, `must be a whole number from ${min} to ${max}`, fallback);
    }
    return parsed;
  }

  oneOf(variable: string, allowed: readonly string[], fallback: string): string {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) return this.fail(variable, `must be one of ${allowed.join(', ')}`, fallback);
    return value;
  }

  postgresUrl(variable: string): string | undefined {
    const value = this.raw(variable);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.fail(variable, 'must be a URL such as postgres://user:password@host:5432/database', undefined);
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      return this.fail(variable, `must use the postgres:// scheme, not ${url.protocol}//`, undefined);
    }
    if (url.pathname.length <= 1) return this.fail(variable, 'must name a database, e.g. .../fleetplane', undefined);
    return value;
  }

  token(variable: string): string | undefined {
    const value = this.raw(variable);
    if (value === undefined) return undefined;
    if (!TOKEN_PATTERN.test(value)) {
      return this.fail(
        variable,
        'must look like fp_ followed by 43 base64url characters (fleetplane tokens create)',
        undefined,
      );
    }
    return value;
  }

  aesKey(variable: string): string | undefined {
    const value = this.raw(variable);
    if (value === undefined) return undefined;
    if (!isAesKey(value))
      return this.fail(
        variable,
        'must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)',
        undefined,
      );
    return value;
  }

  aesKeyList(variable: string): string[] {
    const value = this.raw(variable);
    if (value === undefined) return [];
    const keys = value
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    if (!keys.every(isAesKey))
      return this.fail(variable, 'must be a comma-separated list of base64-encoded 32-byte keys', []);
    return keys;
  }

  httpUrl(variable: string): string | undefined {
    const value = this.raw(variable);
    if (value === undefined) return undefined;
    if (!/^https?:\/\/[^\s/]+/.test(value)) return this.fail(variable, 'must be an http(s) URL', undefined);
    return value;
  }

  list(variable: string, item: RegExp, description: string): string[] {
    const value = this.raw(variable);
    if (value === undefined) return [];
    const items = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (!items.every((entry) => item.test(entry)))
      return this.fail(variable, `must be a comma-separated list of ${description}`, []);
    return items;
  }

  networks(variable: string): IpNetwork[] {
    const value = this.raw(variable);
    if (value === undefined) return [];
    const networks = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(parseNetwork);
    if (!networks.every((network): network is IpNetwork => network !== undefined))
      return this.fail(variable, 'must be a comma-separated list of CIDRs such as 10.0.0.0/8 or fd00::/8', []);
    return networks;
  }

  /** OAuth scopes, space-separated as in the protocol; an OpenID Connect sign-in needs `openid` among them. */
  scopes(variable: string, fallback: string[]): string[] {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const scopes = value.split(/\s+/);
    if (!scopes.includes('openid'))
      return this.fail(variable, 'must be space-separated scopes including openid', fallback);
    return scopes;
  }

  required(variable: string, message: string): string {
    return this.raw(variable) ?? this.fail(variable, message, '');
  }

  /**
   * An origin-like URL for OpenID Connect: https, or http on a loopback host only (a provider on the same
   * machine, as in development), since codes and tokens cross it. No trailing slash, no query.
   */
  oidcUrl(variable: string): string | undefined;
  oidcUrl(variable: string, options: { required: true }): string;
  oidcUrl(variable: string, options?: { required: true }): string | undefined {
    const value = this.raw(variable);
    if (value === undefined)
      return options?.required ? this.fail(variable, 'is required when FLEETPLANE_SSO_ISSUER is set', '') : undefined;
    const message = 'must be an https URL without query or fragment (http only on localhost or 127.0.0.1)';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.fail(variable, message, '');
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
    if (!scheme || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
      return this.fail(variable, message, '');
    return value.replace(/\/+$/, '');
  }

  private raw(variable: string): string | undefined {
    const value = this.env[variable];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private fail<T>(variable: string, message: string, fallback: T): T {
    this.problems.push({ variable, message });
    return fallback;
  }
}

function isAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** `10.0.0.0/8`, `fd00::/8`, or one address; undefined for anything else. */
function parseNetwork(text: string): IpNetwork | undefined {
  const [address, prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
