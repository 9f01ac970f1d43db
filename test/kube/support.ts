import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Sandbox, SandboxClusterSpec, SandboxOptions, startSandbox } from '@fleetplane/sandbox';
import { KubeClusterClient, KubeClusterClientOptions } from '@fleetplane/kube';

/** Rollouts finish in a few hundred milliseconds; crashlooping Deployments give up after one second. */
export const FAST_TIMELINE = { podStartMs: 40, podReadyMs: 40, jobRunMs: 100 };

export interface KubeTestEnv {
  sandbox: Sandbox;
  /** A client on a fresh KubeConfig loaded from the cluster's kubeconfig file, as the engine will build it. */
  clientFor(cluster: string, options?: KubeClusterClientOptions): KubeClusterClient;
  kubeConfigFor(cluster: string): KubeConfig;
  /** Requests the cluster served since the last `clearRequests`, as `METHOD path`. */
  requests(cluster: string): string[];
  clearRequests(cluster: string): void;
  close(): Promise<void>;
}

export async function startKubeTestEnv(
  clusters: SandboxClusterSpec[],
  options: Partial<Omit<SandboxOptions, 'clusters' | 'kubeconfigDir'>> = {},
): Promise<KubeTestEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-client-test-'));
  const sandbox = await startSandbox({
    clusters,
    kubeconfigDir: dir,
    timeline: FAST_TIMELINE,
    adminPort: false,
    ...options,
  });
  const clients: KubeClusterClient[] = [];
  const kubeConfigFor = (cluster: string): KubeConfig => {
    const config = new KubeConfig();
    config.loadFromFile(join(dir, `${cluster}.kubeconfig`));
    return config;
  };
  return {
    sandbox,
    kubeConfigFor,
    clientFor(cluster, clientOptions) {
      const client = new KubeClusterClient(kubeConfigFor(cluster), clientOptions);
      clients.push(client);
      return client;
    },
    requests: (cluster) => sandbox.requestLog(cluster).map((entry) => `${entry.method} ${entry.path}`),
    clearRequests: (cluster) => sandbox.clearRequestLog(cluster),
    async close() {
      for (const client of clients) client.close();
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The cluster logs a request when its response closes, a moment after the client has the answer;
 * reading the log after a short pause sees every request the client made.
 */
export async function settledRequests(env: KubeTestEnv, cluster: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 30));
  return env.requests(cluster);
}
