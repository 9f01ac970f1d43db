import { PlacementDecision } from './placement-decision';
import { splitReplicas } from './replica-split';

/**
 * Replicas one cluster runs for a workload whose manifest asks for `total`: the manifest's count when
 * duplicating, its largest-remainder share when dividing. Undefined when the cluster is not placed.
 */
export function replicasForCluster(decision: PlacementDecision, clusterId: string, total: number): number | undefined {
  const index = decision.clusters.findIndex((placed) => placed.cluster.id === clusterId);
  if (index < 0) return undefined;
  if (decision.replicaMode === 'duplicate') return total;
  return splitReplicas(
    total,
    decision.clusters.map((placed) => placed.weight),
  )[index];
}
