import type { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { InvalidRequest } from '../errors';
import { loadInlineKubeConfig } from '../kube/inline-kubeconfig';

/** The Entra ID application of the AKS API server: Entra-enabled clusters accept tokens for this audience. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
export const AKS_SERVER_SCOPE = `${AKS_SERVER_APP_ID}/.default`;

export type AksUserKubeconfig =
  /** Local accounts: the kubeconfig authenticates by itself (client certificate or token). */
  | { kind: 'self-contained'; kubeConfig: KubeConfig }
  /** Entra ID integration: the user runs `kubelogin`; we mint the Entra token instead, for the server and CA given. */
  | { kind: 'entra'; server: string; caBase64: string };

interface KubeconfigDocument {
  clusters?: Array<{ cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  users?: Array<{ user?: Record<string, unknown> }>;
}

/**
 * Reads the kubeconfig `listClusterUserCredential` returned. On Entra-enabled clusters its user
 * runs the `kubelogin` exec plugin, which a server must not run: only the server and CA are kept.
 */
export function readAksUserKubeconfig(text: string): AksUserKubeconfig {
  let document: KubeconfigDocument;
  try {
    document = parse(text) as KubeconfigDocument;
  } catch (error) {
    throw new InvalidRequest('AKS returned a user credential that is not a kubeconfig', {
      provider: 'aks',
      cause: error,
    });
  }
  const cluster = document?.clusters?.[0]?.cluster;
  if (!cluster?.server)
    throw new InvalidRequest('AKS returned a user credential that is not a kubeconfig', { provider: 'aks' });
  const usesPlugin = (document.users ?? []).some(
    (entry) => entry.user && ('exec' in entry.user || 'auth-provider' in entry.user),
  );
  if (usesPlugin) {
    const caBase64 = cluster['certificate-authority-data'];
    if (!caBase64)
      throw new InvalidRequest('the AKS kubeconfig has no certificate-authority-data', { provider: 'aks' });
    return { kind: 'entra', server: cluster.server, caBase64 };
  }
  return { kind: 'self-contained', kubeConfig: loadInlineKubeConfig(text, 'aks') };
}
