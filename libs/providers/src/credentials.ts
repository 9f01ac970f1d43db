/**
 * Credentials a cluster is reached with, one tagged union per cloud.
 *
 * These are plain data so the registry can store them encrypted and hand them back verbatim.
 * Each `type` is unique across every provider, so a stored credential says by itself which
 * provider can use it; an adapter refuses a credential of another provider's type.
 */

/** The AWS SDK's default chain: environment, shared config/SSO, web identity, container or instance metadata. */
export interface AwsDefaultChainCredential {
  type: 'aws-default-chain';
}

/** Long-lived or session access keys. */
export interface AwsStaticKeysCredential {
  type: 'aws-static-keys';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A role assumed with STS AssumeRole, from the default chain or from static keys. */
export interface AwsAssumeRoleCredential {
  type: 'aws-assume-role';
  roleArn: string;
  /** The external id the role's trust policy demands (confused-deputy protection for third-party access). */
  externalId?: string;
  /** Shows up in CloudTrail; defaults to `fleetplane`. */
  sessionName?: string;
  /** Who assumes the role; the default chain when absent. */
  source?: AwsDefaultChainCredential | AwsStaticKeysCredential;
}

export type AwsCredential = AwsDefaultChainCredential | AwsStaticKeysCredential | AwsAssumeRoleCredential;

/** Google application default credentials (metadata server, gcloud ADC file, workload identity federation). */
export interface GcpApplicationDefaultCredential {
  type: 'gcp-application-default';
}

/** A service account key, the JSON file Google hands out, as text. */
export interface GcpServiceAccountKeyCredential {
  type: 'gcp-service-account-key';
  keyJson: string;
}

export type GcpCredential = GcpApplicationDefaultCredential | GcpServiceAccountKeyCredential;

/** An Entra ID application (service principal) with a client secret. */
export interface AzureClientSecretCredential {
  type: 'azure-client-secret';
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Workload identity federation: a projected service-account token file exchanged for an Entra token. */
export interface AzureWorkloadIdentityCredential {
  type: 'azure-workload-identity';
  tenantId: string;
  clientId: string;
  tokenFilePath: string;
}

/** `DefaultAzureCredential`: environment, workload identity, managed identity, Azure CLI, in that order. */
export interface AzureDefaultCredential {
  type: 'azure-default';
  /** Picks a user-assigned managed identity when the host has several. */
  managedIdentityClientId?: string;
}

export type AzureCredential = AzureClientSecretCredential | AzureWorkloadIdentityCredential | AzureDefaultCredential;

/**
 * A kubeconfig document as text. Only inline material is accepted (`certificate-authority-data`,
 * `client-certificate-data`, `client-key-data`, `token`): file references, `exec` and
 * `auth-provider` are refused, because an uploaded kubeconfig must not make the control plane
 * read its own files or run commands.
 */
export interface KubeconfigTextCredential {
  type: 'kubeconfig';
  kubeconfig: string;
}

/** A kubeconfig file on the control plane's disk, as the sandbox app writes them (`DIR/<name>.kubeconfig`). */
export interface KubeconfigFileCredential {
  type: 'kubeconfig-file';
  path: string;
}

/** A directory of `<name>.kubeconfig` files: one credential for every sandbox cluster in it. */
export interface KubeconfigDirectoryCredential {
  type: 'kubeconfig-directory';
  directory: string;
}

export type SandboxCredential = KubeconfigTextCredential | KubeconfigFileCredential | KubeconfigDirectoryCredential;

export type ProviderCredential = AwsCredential | GcpCredential | AzureCredential | SandboxCredential;
