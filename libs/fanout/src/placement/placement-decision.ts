import { ClusterCandidate } from './cluster-candidate';
import { PlacementConstraint } from './placement.errors';

export interface ExcludedCluster {
  name: string;
  reason: string;
}

/** One filter of the placement pipeline and what it left, kept so an operator can see why a cluster is out. */
export interface PlacementStep {
  constraint: PlacementConstraint;
  description: string;
  remaining: number;
  excluded: ExcludedCluster[];
}

export interface PlacedCluster {
  cluster: ClusterCandidate;
  /** Share of divided replicas; 1 for every cluster when replicas are duplicated. */
  weight: number;
}

export interface PlacementDecision {
  replicaMode: 'duplicate' | 'divide';
  /** Selected clusters ordered by name then id. */
  clusters: PlacedCluster[];
  steps: PlacementStep[];
}
