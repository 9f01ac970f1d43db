import type { KubeConfig } from '@kubernetes/client-node';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SandboxClusterRef } from '../cloud-provider';
import type { SandboxCredential } from '../credentials';
import { ClusterNotFound, InvalidRequest } from '../errors';
import { loadInlineKubeConfig } from '../kube/inline-kubeconfig';

const SUFFIX = '.kubeconfig';
/** Cluster names the sandbox app accepts as file names; anything else could walk out of the directory. */
const SAFE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The sandbox clusters a credential covers, by name. */
export async function sandboxClusterNames(credential: SandboxCredential): Promise<string[]> {
  switch (credential.type) {
    case 'kubeconfig-directory': {
      const entries = await readdir(credential.directory).catch((error: NodeJS.ErrnoException) => {
        throw new InvalidRequest(`cannot read the sandbox directory ${credential.directory}: ${error.code}`, {
          provider: 'sandbox',
          cloudCode: error.code,
          cause: error,
        });
      });
      return entries
        .filter((entry) => entry.endsWith(SUFFIX))
        .map((entry) => entry.slice(0, -SUFFIX.length))
        .sort();
    }
    case 'kubeconfig-file':
      return [basename(credential.path, SUFFIX)];
    case 'kubeconfig':
      return [loadInlineKubeConfig(credential.kubeconfig, 'sandbox').getCurrentContext()];
  }
}

/**
 * The kubeconfig of one sandbox cluster, read fresh (the sandbox rewrites it when it restarts
 * with a new CA or token). A missing file means the cluster is gone: `ClusterNotFound`.
 */
export async function sandboxKubeConfig(ref: SandboxClusterRef, credential: SandboxCredential): Promise<KubeConfig> {
  if (credential.type === 'kubeconfig') return loadInlineKubeConfig(credential.kubeconfig, 'sandbox');
  if (credential.type === 'kubeconfig-directory' && !SAFE_NAME.test(ref.name)) {
    throw new InvalidRequest(`"${ref.name}" is not a sandbox cluster name`, { provider: 'sandbox' });
  }
  const path =
    credential.type === 'kubeconfig-file' ? credential.path : join(credential.directory, `${ref.name}${SUFFIX}`);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new ClusterNotFound(`no sandbox kubeconfig at ${path}`, {
        provider: 'sandbox',
        cloudCode: 'ENOENT',
        cause: error,
      });
    }
    throw new InvalidRequest(`cannot read ${path}: ${error.code}`, {
      provider: 'sandbox',
      cloudCode: error.code,
      cause: error,
    });
  });
  return loadInlineKubeConfig(text, 'sandbox');
}
