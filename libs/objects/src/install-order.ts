import { KubeObject } from './kube-object';

// Helm's install order with CustomResourceDefinitions moved right after namespaces, because custom
// resources later in the same apply need their CRD registered first. Unknown kinds (custom resources) go last.
// In three tiers that may each be applied at once: what later objects need to exist before the API server
// accepts them (their namespace, their kind); what workloads refer to and read when they start; the rest.
const installTiers = [
  ['Namespace', 'CustomResourceDefinition'],
  [
    'NetworkPolicy',
    'ResourceQuota',
    'LimitRange',
    'PodDisruptionBudget',
    'ServiceAccount',
    'Secret',
    'ConfigMap',
    'StorageClass',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'ClusterRole',
    'ClusterRoleBinding',
    'Role',
    'RoleBinding',
  ],
  [
    'Service',
    'DaemonSet',
    'Pod',
    'ReplicationController',
    'ReplicaSet',
    'Deployment',
    'HorizontalPodAutoscaler',
    'StatefulSet',
    'Job',
    'CronJob',
    'IngressClass',
    'Ingress',
    'APIService',
  ],
];
const installOrder = installTiers.flat();

/** 0, 1 or 2: the tier of {@link installTiers} the kind belongs to; unknown kinds are in the last. */
export function installTierOf(kind: string): number {
  const tier = installTiers.findIndex((kinds) => kinds.includes(kind));
  return tier < 0 ? installTiers.length - 1 : tier;
}

function rank(kind: string): number {
  const position = installOrder.indexOf(kind);
  return position < 0 ? installOrder.length : position;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export function compareInstallOrder(left: KubeObject, right: KubeObject): number {
  return (
    rank(left.kind) - rank(right.kind) ||
    compareText(left.kind, right.kind) ||
    compareText(left.apiVersion, right.apiVersion) ||
    compareText(left.metadata.namespace ?? '', right.metadata.namespace ?? '') ||
    compareText(left.metadata.name, right.metadata.name)
  );
}
