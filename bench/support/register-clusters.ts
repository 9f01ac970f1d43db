import { readFile } from 'node:fs/promises';

export interface ClusterToRegister {
  name: string;
  labels: Record<string, string>;
  kubeconfigPath: string;
}

/** Registers sandbox clusters through `POST /v1/clusters`, `concurrency` requests at a time. */
export async function registerClusters(
  url: string,
  token: string,
  clusters: readonly ClusterToRegister[],
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < clusters.length) {
      const cluster = clusters[next++];
      const response = await fetch(`${url}/v1/clusters`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: cluster.name,
          labels: cluster.labels,
          ref: { provider: 'sandbox', name: cluster.name, labels: cluster.labels },
          credential: { type: 'kubeconfig', kubeconfig: await readFile(cluster.kubeconfigPath, 'utf8') },
        }),
      });
      if (response.status !== 201)
        throw new Error(`registering ${cluster.name}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
