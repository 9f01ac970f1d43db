// Which resource types a sandbox cluster serves. Built-in types are fixed; CustomResourceDefinitions
// add entries at run time, which is why the catalog is an instance per cluster.

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in URLs. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Array<'status' | 'scale'>;
  /** JSON path of the replica count behind the scale subresource, as "spec.replicas". */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Whether spec changes bump metadata.generation (everything with a spec except a few). */
  tracksGeneration: boolean;
  /** False for types defined by a CustomResourceDefinition. */
  builtIn: boolean;
}

/** Every served type supports the full verb set; the sandbox has no read-only kinds. */
export const RESOURCE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

function builtIn(
  group: string,
  version: string,
  kind: string,
  resource: string,
  options: Partial<Omit<ResourceType, 'group' | 'version' | 'kind' | 'resource'>> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    resource,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: [],
    tracksGeneration: false,
    builtIn: true,
    ...options,
  };
}

const replicasScale = {
  specReplicasPath: 'spec.replicas',
  statusReplicasPath: 'status.replicas',
  labelSelectorPath: 'status.selector',
};
const workload = { categories: ['all'], tracksGeneration: true };

export const BUILT_IN_TYPES: ResourceType[] = [
  builtIn('', 'v1', 'Namespace', 'namespaces', { namespaced: false, shortNames: ['ns'], subresources: ['status'] }),
  builtIn('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'], subresources: ['status'] }),
  builtIn('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtIn('', 'v1', 'Secret', 'secrets'),
  builtIn('', 'v1', 'Service', 'services', { shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  builtIn('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  builtIn('', 'v1', 'Pod', 'pods', { shortNames: ['po'], categories: ['all'], subresources: ['status'] }),
  builtIn('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  builtIn('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
    scale: replicasScale,
    ...workload,
  }),
  builtIn('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    subresources: ['status', 'scale'],
    scale: replicasScale,
    ...workload,
  }),
  builtIn('apps', 'v1', 'DaemonSet', 'daemonsets', { shortNames: ['ds'], subresources: ['status'], ...workload }),
  builtIn('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    subresources: ['status', 'scale'],
    scale: replicasScale,
    ...workload,
  }),
  builtIn('batch', 'v1', 'Job', 'jobs', { subresources: ['status'], ...workload }),
  builtIn('batch', 'v1', 'CronJob', 'cronjobs', { shortNames: ['cj'], subresources: ['status'], ...workload }),
  builtIn('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    subresources: ['status'],
    tracksGeneration: true,
  }),
  builtIn('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  }),
  builtIn('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    subresources: ['status'],
    tracksGeneration: true,
  }),
  builtIn('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', {
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    tracksGeneration: true,
  }),
];

/** The resource types one cluster serves: the built-ins plus whatever its CRDs define. */
export class ResourceCatalog {
  private readonly types = new Map<string, ResourceType>();

  constructor() {
    for (const type of BUILT_IN_TYPES) this.types.set(this.key(type.group, type.version, type.resource), type);
  }

  private key(group: string, version: string, resource: string): string {
    return `${group}/${version}/${resource}`;
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.get(this.key(group, version, resource));
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const type of this.types.values()) if (apiVersionOf(type) === apiVersion && type.kind === kind) return type;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** Group → versions, in the order discovery should list them. */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.types.values()) {
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    return groups;
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((type) => type.group === group && type.version === version);
  }

  add(type: ResourceType): void {
    this.types.set(this.key(type.group, type.version, type.resource), type);
  }

  remove(type: ResourceType): void {
    this.types.delete(this.key(type.group, type.version, type.resource));
  }
}
