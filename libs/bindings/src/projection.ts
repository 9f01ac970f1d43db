import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { matchesLabelSelector } from '@fleetplane/fanout';
import { JsonObject, JsonValue, KubeObject, cloneJson, isJsonObject } from '@fleetplane/objects';
import type { BindingEnvVar, WorkloadKind, WorkloadSelection } from './binding-model';
import { WORKLOAD_KINDS } from './binding-model';
import { bindingVolumeName } from './binding-names';
import { BindingError } from './bindings.errors';

/** The variable naming where bindings are mounted, and its value when a container does not set it. */
export const SERVICE_BINDING_ROOT = 'SERVICE_BINDING_ROOT';
export const DEFAULT_BINDING_ROOT = '/bindings';

/** Pod-template annotation: a hash of the binding revisions a workload consumes, so a rotation rolls exactly those. */
export const BINDING_REVISIONS_ANNOTATION = 'fleetplane.io/binding-revisions';
/** On a binding Secret: which binding it projects. */
export const BINDING_LABEL = 'fleetplane.io/binding';

export interface BindingSecretInput {
  name: string;
  namespace: string;
  bindingName: string;
  /** The `type` entry: the Secret's type is `servicebinding.io/<type>`. */
  bindingType: string;
  entries: Readonly<Record<string, string>>;
}

/** A binding Secret as the cluster receives it (`data`, base64, so what is read back compares equal). */
export function bindingSecret(input: BindingSecretInput): KubeObject {
  const data: JsonObject = {};
  for (const key of Object.keys(input.entries).sort()) {
    data[key] = Buffer.from(input.entries[key], 'utf8').toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: input.name, namespace: input.namespace, labels: { [BINDING_LABEL]: input.bindingName } },
    type: `servicebinding.io/${input.bindingType}`,
    data,
  };
}

/** A binding Secret for people to read (previews): `stringData` with credential values already redacted by the caller. */
export function previewBindingSecret(input: BindingSecretInput): KubeObject {
  const stringData: JsonObject = {};
  for (const key of Object.keys(input.entries).sort()) stringData[key] = input.entries[key];
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: input.name, namespace: input.namespace, labels: { [BINDING_LABEL]: input.bindingName } },
    type: `servicebinding.io/${input.bindingType}`,
    stringData,
  };
}

/** One binding as projected into workloads. */
export interface WorkloadBinding {
  name: string;
  secretName: string;
  /** The entries the Secret has, so an env var naming another key is refused before it reaches a pod. */
  entryKeys: readonly string[];
  workloads: WorkloadSelection;
  env: readonly BindingEnvVar[];
  /** Changes whenever what the workload would read changes: the binding's id, revision and credential version. */
  revisionToken: string;
}

/**
 * Projects bindings into the pod templates of the workloads each one selects (Deployment, StatefulSet,
 * DaemonSet, Job, CronJob), following Service Binding 1.1: a Secret volume mounted read-only at
 * `$SERVICE_BINDING_ROOT/<binding-name>` in every container and init container, `SERVICE_BINDING_ROOT`
 * set to `/bindings` unless the container sets it (then its value is used and kept), the binding's
 * env vars from `secretKeyRef`, and an annotation hashing the consumed revisions. Other objects are
 * returned as they are; nothing is mutated in place. `BindingError` for a `SERVICE_BINDING_ROOT` set
 * from a reference (its value cannot be known here) or an env var naming a key the Secret lacks.
 */
export function projectBindings(objects: readonly KubeObject[], bindings: readonly WorkloadBinding[]): KubeObject[] {
  for (const binding of bindings) checkEnv(binding);
  return objects.map((object) => {
    const kind = workloadKind(object);
    if (!kind) return object;
    const consumed = bindings
      .filter((binding) => selects(binding.workloads, kind, object))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (consumed.length === 0) return object;
    const projected = cloneJson(object);
    const template = podTemplateOf(projected, kind);
    if (!template) return object;
    projectIntoTemplate(template, consumed, object);
    return projected;
  });
}

/** The hash the annotation carries for a set of consumed bindings. */
export function bindingRevisionsHash(tokens: readonly string[]): string {
  return createHash('sha256')
    .update([...tokens].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

function checkEnv(binding: WorkloadBinding): void {
  binding.env.forEach((variable, index) => {
    if (!binding.entryKeys.includes(variable.key)) {
      throw new BindingError(
        'BINDING_ENV_KEY_UNKNOWN',
        `env var ${variable.name} of binding ${binding.name} names entry ${variable.key}, which its Secret does not have (entries: ${binding.entryKeys.join(', ')})`,
        `env[${index}].key`,
      );
    }
  });
}

function workloadKind(object: KubeObject): WorkloadKind | undefined {
  const group = object.apiVersion.split('/')[0];
  const kind = WORKLOAD_KINDS.find((candidate) => candidate === object.kind);
  if (!kind) return undefined;
  const expected = kind === 'Job' || kind === 'CronJob' ? 'batch' : 'apps';
  return group === expected ? kind : undefined;
}

function selects(selection: WorkloadSelection, kind: WorkloadKind, object: KubeObject): boolean {
  switch (selection.type) {
    case 'all':
      return true;
    case 'names':
      return selection.names.some((name) => name.kind === kind && name.name === object.metadata.name);
    case 'labels':
      return matchesLabelSelector(selection.selector, object.metadata.labels ?? {});
  }
}

function podTemplateOf(object: JsonObject, kind: WorkloadKind): JsonObject | undefined {
  const spec = object.spec;
  if (!isJsonObject(spec)) return undefined;
  if (kind === 'CronJob') {
    const jobTemplate = spec.jobTemplate;
    const jobSpec = isJsonObject(jobTemplate) ? jobTemplate.spec : undefined;
    return isJsonObject(jobSpec) && isJsonObject(jobSpec.template) ? jobSpec.template : undefined;
  }
  return isJsonObject(spec.template) ? spec.template : undefined;
}

function projectIntoTemplate(template: JsonObject, bindings: readonly WorkloadBinding[], workload: KubeObject): void {
  const metadata = objectAt(template, 'metadata');
  const annotations = objectAt(metadata, 'annotations');
  annotations[BINDING_REVISIONS_ANNOTATION] = bindingRevisionsHash(bindings.map((binding) => binding.revisionToken));
  const podSpec = objectAt(template, 'spec');
  const volumeNames = new Set(bindings.map((binding) => bindingVolumeName(binding.name)));
  const volumes = arrayAt(podSpec, 'volumes').filter(
    (volume) => !(isJsonObject(volume) && volumeNames.has(String(volume.name))),
  );
  for (const binding of bindings) {
    volumes.push({ name: bindingVolumeName(binding.name), secret: { secretName: binding.secretName } });
  }
  podSpec.volumes = volumes;
  for (const list of ['initContainers', 'containers']) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, index) => {
      if (isJsonObject(container))
        projectIntoContainer(container, bindings, `${workload.kind}/${workload.metadata.name} ${list}[${index}]`);
    });
  }
}

function projectIntoContainer(container: JsonObject, bindings: readonly WorkloadBinding[], where: string): void {
  const env = arrayAt(container, 'env');
  const root = bindingRoot(env, where);
  const boundNames = new Set(bindings.flatMap((binding) => binding.env.map((variable) => variable.name)));
  const keptEnv = env.filter((variable) => !(isJsonObject(variable) && boundNames.has(String(variable.name))));
  if (root.declared === false) keptEnv.push({ name: SERVICE_BINDING_ROOT, value: root.path });
  for (const binding of bindings) {
    for (const variable of binding.env) {
      keptEnv.push({
        name: variable.name,
        valueFrom: { secretKeyRef: { name: binding.secretName, key: variable.key } },
      });
    }
  }
  container.env = keptEnv;
  const volumeNames = new Set(bindings.map((binding) => bindingVolumeName(binding.name)));
  const mounts = arrayAt(container, 'volumeMounts').filter(
    (mount) => !(isJsonObject(mount) && volumeNames.has(String(mount.name))),
  );
  for (const binding of bindings) {
    mounts.push({
      name: bindingVolumeName(binding.name),
      mountPath: posix.join(root.path, binding.name),
      readOnly: true,
    });
  }
  container.volumeMounts = mounts;
}

/** The container's own `SERVICE_BINDING_ROOT` (never reset, as the spec demands), or the default to declare. */
function bindingRoot(env: readonly JsonValue[], where: string): { path: string; declared: boolean } {
  const declared = env.find((variable) => isJsonObject(variable) && variable.name === SERVICE_BINDING_ROOT);
  if (!isJsonObject(declared)) return { path: DEFAULT_BINDING_ROOT, declared: false };
  if (typeof declared.value !== 'string' || declared.value === '') {
    throw new BindingError(
      'BINDING_ROOT_UNRESOLVABLE',
      `${where} sets ${SERVICE_BINDING_ROOT} from a reference, so where bindings go cannot be known; set it to a literal path`,
      'workloads',
    );
  }
  return { path: declared.value, declared: true };
}

function objectAt(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

function arrayAt(parent: JsonObject, key: string): JsonValue[] {
  const existing = parent[key];
  return Array.isArray(existing) ? [...existing] : [];
}
