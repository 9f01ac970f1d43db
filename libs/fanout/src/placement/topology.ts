import { ClusterCandidate } from './cluster-candidate';
import { TopologyKey } from './placement-spec';

/** The domain a cluster belongs to for a topology key; undefined when it lacks the label. */
export function domainOf(cluster: ClusterCandidate, key: TopologyKey): string | undefined {
  switch (key) {
    case 'cloud':
      return cluster.cloud;
    case 'region':
      return cluster.region;
    case 'environment':
      return cluster.environment;
    default:
      return cluster.labels[key.slice('label:'.length)];
  }
}

export function isTopologyKey(key: string): key is TopologyKey {
  return key === 'cloud' || key === 'region' || key === 'environment' || (key.startsWith('label:') && key.length > 6);
}
