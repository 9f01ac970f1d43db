import { KubeObject } from '../manifests/kube-object';

// Helm's install order with CustomResourceDefinitions moved right after namespaces, because custom
// resources later in the same apply need their CRD registered first. Unknown kinds (custom resources) go last.
const installOrder = [
  'Namespace',
  'CustomResourceDefinition',
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
];

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
