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
