import { isJsonObject, KubeObject } from '@fleetplane/objects';
import { PlacementDecision } from '../placement/placement-decision';
import { replicasForCluster } from '../placement/replicas-for-cluster';

const scalableKinds = ['Deployment', 'StatefulSet'];

/**
 * In divide mode, gives each workload this cluster's share of its replicas. A workload an HPA in the
 * release scales keeps no fixed count; the HPA's bounds are divided instead (at least 1 per cluster,
 * because an HPA cannot have minReplicas 0).
 */
export function scaleReplicas(
  objects: readonly KubeObject[],
  decision: PlacementDecision,
  clusterId: string,
): KubeObject[] {
  if (decision.replicaMode === 'duplicate') return [...objects];
  const autoscaled = new Set(objects.filter((object) => object.kind === 'HorizontalPodAutoscaler').map(scaleTargetKey));
  const share = (total: number): number => replicasForCluster(decision, clusterId, total) ?? total;
  return objects.map((object) => {
    const spec = object['spec'];
    if (!isJsonObject(spec)) return object;
    if (
      scalableKinds.includes(object.kind) &&
      !autoscaled.has(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`)
    ) {
      const total = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
      return { ...object, spec: { ...spec, replicas: share(total) } };
    }
    if (object.kind === 'HorizontalPodAutoscaler') {
      const min = Math.max(1, share(typeof spec['minReplicas'] === 'number' ? spec['minReplicas'] : 1));
      const max = Math.max(min, share(typeof spec['maxReplicas'] === 'number' ? spec['maxReplicas'] : 1));
      return { ...object, spec: { ...spec, minReplicas: min, maxReplicas: max } };
    }
    return object;
  });
}

function scaleTargetKey(hpa: KubeObject): string {
  const spec = hpa['spec'];
  const target = isJsonObject(spec) ? spec['scaleTargetRef'] : undefined;
  if (!isJsonObject(target)) return '';
  return `${String(target['kind'])}/${hpa.metadata.namespace ?? ''}/${String(target['name'])}`;
}
