import { LabelSelector } from '../common/label-selector';
import { ClusterHealth } from './cluster-candidate';

/** `cloud`, `region`, `environment`, or `label:<key>` for any cluster label. */
export type TopologyKey = 'cloud' | 'region' | 'environment' | `label:${string}`;

/** At least `minPerDomain` clusters in every domain of `topologyKey` that the selection filters matched. */
export interface SpreadConstraint {
  topologyKey: TopologyKey;
  minPerDomain: number;
}

export type WeightSource =
  | { by: 'equal' }
  /** Static weight per value of one cluster label, e.g. `{ labelKey: 'size', weights: { large: 3, small: 1 } }`. */
  | { by: 'label'; labelKey: string; weights: Readonly<Record<string, number>>; defaultWeight?: number }
  /** Static weight per cluster name. */
  | { by: 'cluster'; weights: Readonly<Record<string, number>>; defaultWeight?: number }
  /** Proportional to the cluster's reported allocatable capacity. */
  | { by: 'capacity'; resource: 'cpu' | 'memory' };

/** Each cluster runs the manifest's replica count, or the count is divided across clusters by weight. */
export type ReplicaPolicy = { mode: 'duplicate' } | { mode: 'divide'; weights: WeightSource };

export interface PlacementSpec {
  /** Explicit cluster names or ids; other filters still apply to them. */
  clusters?: readonly string[];
  selector?: LabelSelector;
  clouds?: readonly string[];
  regions?: readonly string[];
  environments?: readonly string[];
  /** Health states that may receive the release; defaults to Healthy and Degraded. */
  allowedHealth?: readonly ClusterHealth[];
  spread?: readonly SpreadConstraint[];
  maxClusters?: number;
  replicas?: ReplicaPolicy;
}

export const defaultAllowedHealth: readonly ClusterHealth[] = ['Healthy', 'Degraded'];
