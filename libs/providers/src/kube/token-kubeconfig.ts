import { KubeConfig } from '@kubernetes/client-node';

export interface TokenKubeConfigInput {
  /** Names the cluster, user and context inside the kubeconfig. */
  name: string;
  server: string;
  /** The CA bundle that signs the API server's certificate, base64 of PEM as EKS and GKE publish it. */
  caBase64: string;
  bearerToken: string;
}

/** A one-context kubeconfig that authenticates with a bearer token, as the managed clouds want. */
export function tokenKubeConfig(input: TokenKubeConfigInput): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: input.name,
        server: input.server,
        caData: input.caBase64,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: input.name, token: input.bearerToken }],
    contexts: [{ name: input.name, cluster: input.name, user: input.name }],
    currentContext: input.name,
  });
  return kubeConfig;
}

/** Decodes a base64 CA as the clouds publish it; the result is PEM text. */
export function decodeCertificateAuthority(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}
