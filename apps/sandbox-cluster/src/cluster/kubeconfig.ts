import { stringify } from 'yaml';

export interface KubeconfigInput {
  name: string;
  server: string;
  caPem: string;
  token: string;
}

/** A kubeconfig with one cluster, one token user and one current context, as kubectl expects. */
export function renderKubeconfig(cluster: KubeconfigInput): string {
  const user = `${cluster.name}-admin`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          server: cluster.server,
          'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: cluster.token } }],
    contexts: [{ name: cluster.name, context: { cluster: cluster.name, user, namespace: 'default' } }],
    'current-context': cluster.name,
    preferences: {},
  });
}
