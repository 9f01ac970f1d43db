import { GoogleAuth } from 'google-auth-library';
import type { GcpCredential } from '../credentials';
import { InvalidRequest } from '../errors';

/** GKE's API and the clusters' API servers both accept tokens of this scope. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The default `GkeOptions.googleAuthFor`: google-auth-library's application default credentials,
 * or the given service-account key, with the cloud-platform scope. Nothing is fetched until a
 * token is needed.
 */
export function defaultGoogleAuth(credential: GcpCredential): GoogleAuth {
  if (credential.type === 'gcp-application-default') return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(credential.keyJson) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidRequest('the service account key is not JSON', { provider: 'gke', cause: error });
  }
  if (key.type !== 'service_account' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new InvalidRequest('the service account key lacks type "service_account", client_email or private_key', {
      provider: 'gke',
    });
  }
  return new GoogleAuth({ credentials: key, scopes: [CLOUD_PLATFORM_SCOPE] });
}
