import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { KubeObject } from '../api/types';
import { ClusterIdentity } from '../cluster/sandbox-cluster';
import { ObjectStore } from '../storage/object-store';

export interface PersistedCluster {
  identity: ClusterIdentity;
  resourceVersion: number;
  buckets: Record<string, KubeObject[]>;
}

interface StateDocument {
  version: 1;
  clusters: Record<string, PersistedCluster>;
}

export async function readState(path: string): Promise<Record<string, PersistedCluster>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const document = JSON.parse(text) as StateDocument;
  if (document.version !== 1) throw new Error(`unsupported sandbox state file version in ${path}`);
  return document.clusters;
}

export function snapshotStore(store: ObjectStore, identity: ClusterIdentity): PersistedCluster {
  const buckets: Record<string, KubeObject[]> = {};
  for (const bucket of store.bucketNames()) buckets[bucket] = store.list(bucket);
  return { identity, resourceVersion: store.currentResourceVersion, buckets };
}

export function restoreStore(persisted: PersistedCluster): ObjectStore {
  const store = new ObjectStore();
  for (const [bucket, objects] of Object.entries(persisted.buckets))
    store.restore(bucket, objects, persisted.resourceVersion);
  return store;
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a state file behind, and 0600
 * whatever the umask: the state holds the clusters' bearer tokens and TLS private keys.
 */
export async function writeState(path: string, clusters: Record<string, PersistedCluster>): Promise<void> {
  const document: StateDocument = { version: 1, clusters };
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(document), { mode: 0o600 });
  // A temporary file left by a crashed process keeps its mode through writeFile; chmod narrows it.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
