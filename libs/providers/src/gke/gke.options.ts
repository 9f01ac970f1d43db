import type { GoogleAuth } from 'google-auth-library';
import type { GcpCredential } from '../credentials';

export interface GkeOptions {
  /** API host override (an emulator, Private Service Connect); the SDK's `container.googleapis.com` otherwise. */
  apiEndpoint?: string;
  port?: number;
  /** `grpc` (the SDK's default) or `rest`, the SDK's HTTP/1.1 JSON transport (`fallback: 'rest'`). */
  transport?: 'grpc' | 'rest';
  /** Talk plain HTTP (REST) or an insecure channel (gRPC) to a local emulator. Never for Google's API. */
  plaintext?: boolean;
  /**
   * Builds the google-auth-library `GoogleAuth` for a credential; `defaultGoogleAuth` (application
   * default credentials or the service-account key, cloud-platform scope) when absent.
   */
  googleAuthFor?: (credential: GcpCredential) => GoogleAuth;
}
