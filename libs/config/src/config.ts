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
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
}

export interface EncryptionConfig {
  /** Base64 of 32 bytes. Absent: a key file under `dataDir` is used, and created on first start. */
  activeKey?: string;
  /** Keys that secrets may still be encrypted under, kept so they can be read and re-encrypted. */
  previousKeys: string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const FLEETPLANE_CONFIG = Symbol('FLEETPLANE_CONFIG');
