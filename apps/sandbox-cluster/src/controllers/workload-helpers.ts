import { ClusterApi } from '../api/cluster-api';
import { BUILT_IN_TYPES, ResourceType } from '../api/resource-catalog';
import { Condition, JsonObject, JsonValue, KubeObject, OwnerReference, isJsonObject } from '../api/types';
import { nowTimestamp } from '../apply/managed-fields';

function builtIn(kind: string): ResourceType {
  const type = BUILT_IN_TYPES.find((candidate) => candidate.kind === kind);
  if (!type) throw new Error(`no built-in type ${kind}`);
  return type;
}

export const TYPES = {
  namespace: builtIn('Namespace'),
  node: builtIn('Node'),
  pod: builtIn('Pod'),
  deployment: builtIn('Deployment'),
  replicaSet: builtIn('ReplicaSet'),
  statefulSet: builtIn('StatefulSet'),
  daemonSet: builtIn('DaemonSet'),
  job: builtIn('Job'),
  cronJob: builtIn('CronJob'),
  horizontalPodAutoscaler: builtIn('HorizontalPodAutoscaler'),
  event: builtIn('Event'),
};

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The pod-template-hash label value: FNV-1a of the template, encoded like Kubernetes' SafeEncodeString. */
export function templateHash(template: JsonValue | undefined): string {
  let hash = 0x811c9dc5;
  const text = JSON.stringify(template ?? {});
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

export function controllerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function ownedBy(objects: KubeObject[], owner: KubeObject): KubeObject[] {
  return objects.filter((object) =>
    object.metadata.ownerReferences?.some((reference) => reference.uid === owner.metadata.uid && reference.controller),
  );
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller);
}

export function num(value: JsonValue | undefined, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}

export function podTemplate(owner: KubeObject): JsonObject {
  return isJsonObject(owner.spec?.template) ? owner.spec.template : {};
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = Array.isArray(pod.status?.conditions) ? (pod.status.conditions as Condition[]) : [];
  return (
    !pod.metadata.deletionTimestamp &&
    conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True')
  );
}

export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Creates a pod from an owner's template, the way every workload controller does. */
export function createPodFor(
  api: ClusterApi,
  owner: KubeObject,
  name: string,
  extraLabels: Record<string, string> = {},
): KubeObject {
  const template = podTemplate(owner);
  const templateMetadata = isJsonObject(template.metadata) ? template.metadata : {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...((templateMetadata.labels as Record<string, string> | undefined) ?? {}), ...extraLabels },
      ...(isJsonObject(templateMetadata.annotations)
        ? { annotations: templateMetadata.annotations as Record<string, string> }
        : {}),
      ownerReferences: [controllerReference(owner)],
    },
    spec: structuredClone(isJsonObject(template.spec) ? template.spec : {}),
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
  return api.createOwned(TYPES.pod, pod, template);
}

/**
 * Sets a condition, keeping lastTransitionTime when the status did not change, as controllers do.
 * lastUpdateTime moves only when asked (Deployment's Progressing condition tracks progress with it).
 */
export function withCondition(conditions: Condition[], next: Condition, touchUpdateTime = false): Condition[] {
  const now = nowTimestamp();
  const existing = conditions.find((condition) => condition.type === next.type);
  const transitioned = !existing || existing.status !== next.status;
  const changed = transitioned || existing.reason !== next.reason || existing.message !== next.message;
  const condition: Condition = {
    ...next,
    lastTransitionTime: transitioned ? now : existing.lastTransitionTime,
    ...('lastUpdateTime' in next || existing?.lastUpdateTime !== undefined
      ? { lastUpdateTime: changed || touchUpdateTime ? now : existing?.lastUpdateTime }
      : {}),
  };
  return [...conditions.filter((candidate) => candidate.type !== next.type), condition];
}

export function randomSuffix(): string {
  let suffix = '';
  for (let index = 0; index < 5; index++) suffix += SAFE_ALPHABET[Math.floor(Math.random() * SAFE_ALPHABET.length)];
  return suffix;
}

/** Resolves maxSurge/maxUnavailable ("25%" or a count) against the replica count. */
export function resolveIntOrPercent(
  value: JsonValue | undefined,
  total: number,
  roundUp: boolean,
  fallback: number,
): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return fallback;
}
