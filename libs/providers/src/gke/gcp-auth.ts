import { GoogleAuth } from 'google-auth-library';
import type { GcpCredential, GcpServiceAccountKeyCredential } from '../credentials';
import { InvalidRequest } from '../errors';

/** GKE's API and the clusters' API servers both accept tokens of this scope. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The default `GkeOptions.googleAuthFor`: google-auth-library's application default credentials,
 * or the given service-account key, with the cloud-platform scope. Nothing is fetched until a
 * token is needed.
 */
export function defaultGoogleAuth(credential: GcpCredential, provider = 'gke'): GoogleAuth {
  if (credential.type === 'gcp-application-default') return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
  return new GoogleAuth({ credentials: parseKey(credential, provider), scopes: [CLOUD_PLATFORM_SCOPE] });
}

/** The fields of a service account key file that google-auth-library signs its token requests with. */
export interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
}

/** The key of a `gcp-service-account-key` credential, parsed and checked; plain data any auth library takes. */
export function serviceAccountKey(credential: GcpServiceAccountKeyCredential, provider = 'gke'): ServiceAccountKey {
  const key = parseKey(credential, provider);
  return {
    type: 'service_account',
    client_email: key.client_email,
    private_key: key.private_key,
    ...(typeof key.private_key_id === 'string' ? { private_key_id: key.private_key_id } : {}),
    ...(typeof key.project_id === 'string' ? { project_id: key.project_id } : {}),
  };
}

/** The whole key file as Google wrote it, once its required fields are checked. */
function parseKey(
  credential: GcpServiceAccountKeyCredential,
  provider: string,
): Record<string, unknown> & Pick<ServiceAccountKey, 'client_email' | 'private_key'> {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(credential.keyJson) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidRequest('the service account key is not JSON', { provider, cause: error });
  }
  if (key.type !== 'service_account' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new InvalidRequest('the service account key lacks type "service_account", client_email or private_key', {
      provider,
    });
  }
  return { ...key, client_email: key.client_email, private_key: key.private_key };
}

/**
 * google-gax's generated methods run `this.initialize().catch((err) => { throw err; })` beside the call
 * itself, so a credential that cannot be loaded (no application default credentials on this host, an
 * unreachable metadata server) becomes an unhandled rejection that ends the process. Loading the credential
 * first, in a promise the caller handles, means a gax method is only ever called once GoogleAuth holds a
 * client, and its own initialization no longer fails on authentication.
 */
export async function authenticateFirst(auth: GoogleAuth): Promise<void> {
  await auth.getClient();
}
