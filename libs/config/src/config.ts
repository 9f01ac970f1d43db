/** The control plane's configuration, validated once at start-up and injected everywhere else. */
export interface FleetplaneConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Absent: the embedded PostgreSQL (PGlite) under `dataDir` is used. */
  databaseUrl?: string;
  /** Used once, on an empty database, as the first admin token. */
  bootstrapToken?: string;
  encryption: EncryptionConfig;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  /** Requests per minute of one token. */
  rateLimitPerMinute: number;
  /** Refused authentications (bad, unknown, expired or revoked tokens) per minute from one client address. */
  authFailuresPerMinute: number;
  /** Who sees the `/metrics` series labelled with cluster names; everyone sees the aggregate ones. */
  metricsPerCluster: MetricsPerCluster;
  shutdownTimeoutMs: number;
  health: HealthProbeConfig;
  /** Sandbox clusters started and registered at boot (the embedded demo); 0 in production. */
  sandboxClusters: number;
  aws: {
    eksEndpoint?: string;
    stsEndpoint?: string;
    regions: string[];
    /** One endpoint for RDS, ElastiCache, S3, SQS and Secrets Manager (an emulator); AWS's own otherwise. */
    servicesEndpoint?: string;
    /** Regions a managed-service import sweeps when it names none. */
    servicesRegions: string[];
  };
  rollouts: { enabled: boolean; concurrentDeployments: number };
  /** Time between drift checks of every application's live objects; 0 turns them off. */
  driftIntervalMs: number;
  /** Longest silence on a deployment's event stream before a keep-alive comment goes out. */
  eventsKeepAliveMs: number;
  /** Networks a cluster's API server may be in although they are loopback, link-local or the control plane's own. */
  allowedClusterNetworks: IpNetwork[];
  /** OpenID Connect single sign-on; absent when no issuer is configured (API tokens only). */
  sso?: SsoConfig;
}

/** The control plane as an OpenID Connect client (authorization code with PKCE). */
export interface SsoConfig {
  issuer: string;
  clientId: string;
  /** Sensitive: sent to the provider's token endpoint only, never logged or answered. */
  clientSecret: string;
  /** The control plane's public origin: the callback is `<base>/v1/auth/sso/callback`, the console `<base>/`. */
  redirectBaseUrl: string;
  /** The claim (in the ID token, else from userinfo) that lists the person's groups. */
  groupsClaim: string;
  scopes: string[];
  sessionTtlMinutes: number;
}

/** A CIDR range; a single address is a range of one (`/32`, `/128`). */
export interface IpNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export interface HealthProbeConfig {
  /** Time between rounds; 0 turns the prober off. */
  intervalMs: number;
  concurrency: number;
  timeoutMs: number;
  /** Each probe starts after a random delay up to this, so a fleet is not probed in lock-step. */
  jitterMs: number;
}

export interface EncryptionConfig {
  /** Base64 of 32 bytes. Absent: a key file under `dataDir` is used, and created on first start. */
  activeKey?: string;
  /** Keys that secrets may still be encrypted under, kept so they can be read and re-encrypted. */
  previousKeys: string[];
}

/** `platform`: scrapes with a token of the platform team (which sees every team's clusters); `public`: every scrape. */
export const METRICS_PER_CLUSTER = ['platform', 'public'] as const;
export type MetricsPerCluster = (typeof METRICS_PER_CLUSTER)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const FLEETPLANE_CONFIG = Symbol('FLEETPLANE_CONFIG');
