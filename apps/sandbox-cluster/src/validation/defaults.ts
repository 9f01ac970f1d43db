import { ResourceType } from '../api/resource-catalog';
import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';

// Defaulting as the API server applies it, for the fields clients (kubectl diff, rollout status,
// controllers here) depend on. Mutates the object it is given, which is always a fresh copy.

function setDefault(target: JsonObject, key: string, value: JsonValue): void {
  if (target[key] === undefined) target[key] = value;
}

function child(target: JsonObject, key: string): JsonObject {
  const value = target[key];
  if (isJsonObject(value)) return value;
  const created: JsonObject = {};
  target[key] = created;
  return created;
}

function defaultContainer(container: JsonValue): void {
  if (!isJsonObject(container)) return;
  const image = typeof container.image === 'string' ? container.image : '';
  const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
  setDefault(container, 'imagePullPolicy', tagged ? 'IfNotPresent' : 'Always');
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  setDefault(container, 'resources', {});
  if (Array.isArray(container.ports))
    for (const port of container.ports) if (isJsonObject(port)) setDefault(port, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  for (const list of ['containers', 'initContainers']) {
    const containers = spec[list];
    if (Array.isArray(containers)) containers.forEach(defaultContainer);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = spec.template;
  if (isJsonObject(template) && isJsonObject(template.spec)) defaultPodSpec(template.spec);
}

/** Kinds whose objects have a spec that defaulting fills in. */
const KINDS_WITH_DEFAULTS = new Set([
  'Namespace',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
  'Service',
  'Secret',
]);

export function applyDefaults(type: ResourceType, object: KubeObject, allocateClusterIp: () => string): void {
  if (!type.builtIn || !KINDS_WITH_DEFAULTS.has(type.kind)) return;
  if (type.kind === 'Secret') {
    object.type ??= 'Opaque';
    return;
  }
  const spec = (object.spec ??= {});
  switch (type.kind) {
    case 'Namespace':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name! };
      setDefault(spec, 'finalizers', ['kubernetes']);
      object.status = { phase: 'Active', ...object.status };
      break;
    case 'Deployment':
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', { type: 'RollingUpdate' });
      if (isJsonObject(spec.strategy) && spec.strategy.type === 'RollingUpdate') {
        const rolling = child(spec.strategy, 'rollingUpdate');
        setDefault(rolling, 'maxSurge', '25%');
        setDefault(rolling, 'maxUnavailable', '25%');
      }
      defaultTemplate(spec);
      break;
    case 'ReplicaSet':
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'StatefulSet':
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      defaultTemplate(spec);
      break;
    case 'DaemonSet':
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
      defaultTemplate(spec);
      break;
    case 'Job':
      defaultJob(object, spec);
      break;
    case 'CronJob':
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      break;
    case 'Pod':
      defaultPodSpec(spec);
      break;
    case 'Service':
      defaultService(spec, allocateClusterIp);
      break;
  }
}

function defaultJob(object: KubeObject, spec: JsonObject): void {
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  // Jobs select their pods by the job's uid unless the user asked for a manual selector.
  if (spec.manualSelector !== true && object.metadata.uid) {
    const labels = {
      'batch.kubernetes.io/controller-uid': object.metadata.uid,
      'batch.kubernetes.io/job-name': object.metadata.name!,
      'controller-uid': object.metadata.uid,
      'job-name': object.metadata.name!,
    };
    setDefault(spec, 'selector', { matchLabels: { 'batch.kubernetes.io/controller-uid': object.metadata.uid } });
    const template = child(spec, 'template');
    const metadata = child(template, 'metadata');
    metadata.labels = { ...(isJsonObject(metadata.labels) ? metadata.labels : {}), ...labels };
  }
  defaultTemplate(spec);
}

function defaultService(spec: JsonObject, allocateClusterIp: () => string): void {
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'clusterIP', allocateClusterIp());
    setDefault(spec, 'clusterIPs', [spec.clusterIP as string]);
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isJsonObject(port)) continue;
      setDefault(port, 'protocol', 'TCP');
      setDefault(port, 'targetPort', port.port ?? null);
    }
  }
}
