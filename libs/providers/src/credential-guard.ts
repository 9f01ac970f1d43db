import type { CredentialOf, ProviderKind } from './cloud-provider';
import { InvalidRequest } from './errors';

/**
 * Fails loudly when a stored credential of another provider reaches an adapter: the types keep
 * this from happening in code, but credentials come back from storage as untyped JSON.
 */
export function requireCredentialType<K extends ProviderKind>(
  provider: K,
  credential: CredentialOf<K>,
  accepted: readonly CredentialOf<K>['type'][],
): void {
  const type = (credential as { type?: unknown } | null | undefined)?.type;
  if (!accepted.includes(type as CredentialOf<K>['type'])) {
    throw new InvalidRequest(`provider ${provider} cannot use a credential of type ${String(type)}`, { provider });
  }
}
