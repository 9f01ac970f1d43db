export type ClusterHealth = 'Healthy' | 'Degraded' | 'Unreachable' | 'CredentialError' | 'Unknown';

export const clusterHealthValues: readonly ClusterHealth[] = [
  'Healthy',
  'Degraded',
  'Unreachable',
  'CredentialError',
  'Unknown',
];

export interface ClusterCapacity {
  cpuMillicores: number;
  memoryBytes: number;
}

/** A registered cluster as placement sees it. */
export interface ClusterCandidate {
  id: string;
  name: string;
  /** Provider flavour, e.g. `aws`, `gcp`, `azure`. */
  cloud: string;
  region: string;
  environment: string;
  labels: Readonly<Record<string, string>>;
  health: ClusterHealth;
  cordoned: boolean;
  capacity?: ClusterCapacity;
}

export function compareClusters(left: ClusterCandidate, right: ClusterCandidate): number {
  if (left.name !== right.name) return left.name < right.name ? -1 : 1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
