/** The Google APIs the managed-services adapter calls, each overridable on its own. */
export type GcpServiceApi = 'sqladmin' | 'redis' | 'storage' | 'pubsub' | 'secretmanager';

export interface GcpServicesOptions {
  /**
   * `host:port` per API (an emulator, Private Service Connect); Google's own host otherwise
   * (`sqladmin.googleapis.com`, `redis.googleapis.com`, ...).
   */
  endpoints?: Partial<Record<GcpServiceApi, string>>;
  /** `grpc` (the SDKs' default) or `rest`, their HTTP/1.1 JSON transport. Cloud Storage is always JSON over HTTP. */
  transport?: 'grpc' | 'rest';
  /** Talk plain HTTP (REST) or an insecure channel (gRPC) to local emulators. Never for Google's APIs. */
  plaintext?: boolean;
}
