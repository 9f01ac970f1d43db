import type { Principal } from '@fleetplane/http';
import type {
  AwsCredential,
  AzureCredential,
  GcpCredential,
  ProviderCredential,
  ServiceCloud,
  ServiceCredentialOf,
} from '@fleetplane/providers';
import { teamPolicy } from '@fleetplane/security';
import { AMBIENT_CREDENTIAL_TYPES, CREDENTIAL_TYPES_BY_PROVIDER } from '../clusters/dto/credential.dto';
import { bindingErrors } from './bindings.errors';

/** The cluster provider whose credential types a cloud's managed services take: the same accounts. */
const PROVIDER_OF_CLOUD: Record<ServiceCloud, string> = { aws: 'eks', gcp: 'gke', azure: 'aks' };

export type ServiceCredential = AwsCredential | GcpCredential | AzureCredential;

/** Which cloud a native id belongs to, from its shape alone; `undefined` for none this control plane knows. */
export function cloudOfNativeId(nativeId: string): ServiceCloud | undefined {
  if (nativeId.startsWith('arn:')) return 'aws';
  if (nativeId.startsWith('projects/') || nativeId.startsWith('//')) return 'gcp';
  if (nativeId.toLowerCase().startsWith('/subscriptions/') || /^https:\/\/[^/]+\.vault\.azure\.net\//.test(nativeId))
    return 'azure';
  return undefined;
}

/**
 * Refuses (400) a credential of another cloud's type, and (403) the control plane's own identity to anyone
 * but a platform admin. Returns the credential typed for the cloud.
 */
export function serviceCredentialFor<C extends ServiceCloud>(
  principal: Principal,
  cloud: C,
  credential: ProviderCredential,
  field = 'credential',
): ServiceCredentialOf<C> {
  const accepted = CREDENTIAL_TYPES_BY_PROVIDER[PROVIDER_OF_CLOUD[cloud]] ?? [];
  const typed = ofCloud(cloud, credential);
  if (!typed || !accepted.some((type) => type === credential.type))
    throw bindingErrors.credentialTypeRefused(`${field}.type`, cloud, accepted);
  if (isAmbient(credential))
    teamPolicy.assertPlatformAdmin(principal, `use ${credential.type}, which acts as the control plane's own identity`);
  return typed;
}

export function isAmbient(credential: ProviderCredential): boolean {
  return AMBIENT_CREDENTIAL_TYPES.includes(credential.type);
}

/** The credential narrowed to the cloud's own union, or `undefined` when it is another cloud's. */
export function ofCloud<C extends ServiceCloud>(
  cloud: C,
  credential: ProviderCredential,
): ServiceCredentialOf<C> | undefined {
  const narrowed: { [K in ServiceCloud]: ServiceCredentialOf<K> | undefined } = {
    aws: credential.type.startsWith('aws-') ? (credential as AwsCredential) : undefined,
    gcp: credential.type.startsWith('gcp-') ? (credential as GcpCredential) : undefined,
    azure: credential.type.startsWith('azure-') ? (credential as AzureCredential) : undefined,
  };
  return narrowed[cloud];
}
