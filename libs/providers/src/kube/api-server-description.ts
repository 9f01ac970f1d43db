import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterStatus } from '../cloud-provider';
import { askApiServer, ApiServerContext } from './api-server-health';

export interface ApiServerFacts {
  endpoint: string;
  certificateAuthority?: string;
  kubernetesVersion: string;
  status: ClusterStatus;
  cloudStatus: string;
}

/**
 * The API server URL with scheme and host in lower case, the default port and trailing slashes
 * dropped: two kubeconfigs reaching one API server reach one cluster. The path stays, since a
 * proxy (Rancher, a gateway) serves several clusters under one host. `null` for no usable URL.
 */
export function apiServerIdentity(endpoint: string): string | null {
  if (!URL.canParse(endpoint)) return null;
  const url = new URL(endpoint);
  if (!url.host) return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * What a cluster without a cloud says about itself: the kubeconfig's server and CA, and the
 * `gitVersion` of `/version`. A server that answers `/version` with an error is `degraded`.
 */
export async function describeApiServer(kubeConfig: KubeConfig, context: ApiServerContext): Promise<ApiServerFacts> {
  const cluster = kubeConfig.getCurrentCluster();
  const answer = await askApiServer(kubeConfig, ['/version'], context);
  let version = '';
  if (answer.status === 200) {
    try {
      version = String((JSON.parse(answer.body) as { gitVersion?: unknown }).gitVersion ?? '');
    } catch {
      version = '';
    }
  }
  return {
    endpoint: cluster?.server ?? '',
    certificateAuthority: cluster?.caData ? Buffer.from(cluster.caData, 'base64').toString('utf8') : undefined,
    kubernetesVersion: version,
    status: answer.status === 200 ? 'running' : 'degraded',
    cloudStatus: `/version ${answer.status}`,
  };
}
