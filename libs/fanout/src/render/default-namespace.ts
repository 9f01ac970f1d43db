import { kindRegistryFor } from '../manifests/kinds/registry';
import { KubeObject } from '@fleetplane/objects';

/** Puts namespaced objects that name no namespace into `namespace`; cluster-scoped objects stay as they are. */
export function defaultNamespace(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  const registry = kindRegistryFor(objects);
  return objects.map((object) => {
    const namespaced = registry.find(object.apiVersion, object.kind)?.scope !== 'Cluster';
    return namespaced && object.metadata.namespace === undefined
      ? { ...object, metadata: { ...object.metadata, namespace } }
      : object;
  });
}
