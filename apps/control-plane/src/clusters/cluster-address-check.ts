import { domainErrors } from '@fleetplane/http';
import { checkHost, isForbiddenAddress } from '@fleetplane/kube';
import { ClusterRef, FORBIDDEN_ADDRESS_CODE, ProviderError } from '@fleetplane/providers';
import { ClusterAddressPolicy } from '@fleetplane/security';

/** The field a registration's API server comes from: the kubeconfig in the credential, or the cloud's reference. */
export function endpointFieldOf(ref: ClusterRef, prefix = ''): string {
  return ref.provider === 'kubeconfig' || ref.provider === 'sandbox' ? `${prefix}credential` : `${prefix}ref`;
}

/**
 * Refuses (422, naming `field`) an API server URL that carries a user and password, or whose host resolves
 * to any address the policy refuses. A name that does not resolve from here is left to the connection,
 * whose guard judges the address it resolves to then.
 */
export async function refuseForbiddenEndpoint(
  endpoint: string,
  policy: ClusterAddressPolicy,
  field: string,
): Promise<void> {
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (!url) return;
  if (url.username || url.password) throw refused(field, 'the API server URL must not carry a user or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    await checkHost(host, Number(url.port || 443), policy);
  } catch (error) {
    if (isForbiddenAddress(error)) throw refused(field, addressMessage(error.message));
  }
}

/** A describe the address guard stopped, as the 422 naming the field; undefined for any other failure. */
export function forbiddenAddressProblem(error: ProviderError, field: string) {
  if (error.cloudCode !== FORBIDDEN_ADDRESS_CODE) return undefined;
  return refused(field, addressMessage(error.message));
}

function refused(field: string, message: string) {
  return domainErrors.unprocessable('cluster-address-refused', 'API server address refused', message, [
    { field, message },
  ]);
}

function addressMessage(reason: string): string {
  return `${reason}; an admin can allow its network in FLEETPLANE_ALLOWED_CLUSTER_NETWORKS`;
}
