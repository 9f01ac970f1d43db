import { ClusterCandidate } from './cluster-candidate';
import { WeightSource } from './placement-spec';
import { PlacementError } from './placement.errors';

export function clusterWeights(source: WeightSource, clusters: readonly ClusterCandidate[]): number[] {
  switch (source.by) {
    case 'equal':
      return clusters.map(() => 1);
    case 'label':
      return clusters.map((cluster) => {
        const value = cluster.labels[source.labelKey];
        return (value === undefined ? undefined : source.weights[value]) ?? source.defaultWeight ?? 0;
      });
    case 'cluster':
      return clusters.map(
        (cluster) => source.weights[cluster.name] ?? source.weights[cluster.id] ?? source.defaultWeight ?? 0,
      );
    case 'capacity': {
      const missing = clusters.filter((cluster) => cluster.capacity === undefined);
      if (missing.length > 0) {
        const names = missing.map((cluster) => cluster.name).join(', ');
        throw new PlacementError(
          'PLACEMENT_INVALID',
          'replicas',
          `capacity weighting needs capacity for every selected cluster; missing for ${names}`,
          [{ path: 'replicas.weights', message: `no reported capacity for ${names}` }],
        );
      }
      return clusters.map((cluster) =>
        source.resource === 'cpu' ? (cluster.capacity?.cpuMillicores ?? 0) : (cluster.capacity?.memoryBytes ?? 0),
      );
    }
  }
}
