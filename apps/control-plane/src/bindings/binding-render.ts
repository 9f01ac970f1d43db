import { Injectable } from '@nestjs/common';
import {
  BINDING_LABEL,
  BindingError,
  BoundResolution,
  REDACTED,
  SERVICE_CLASSES,
  WorkloadBinding,
  bindingEntries,
  bindingSecret,
  bindingSecretName,
  previewBindingSecret,
  projectBindings,
  redactedEntries,
} from '@fleetplane/bindings';
import type { ClusterCandidate, Ownership, RenderedCluster } from '@fleetplane/fanout';
import { stampOwnership } from '@fleetplane/fanout';
import { KubeObject, compareInstallOrder } from '@fleetplane/objects';
import type { AppliedBinding, ApplicationEntity } from '@fleetplane/persistence';
import { BindingCredentials, StoredValues } from './binding-credentials';
import { ApplicationBindings, BindingResolution } from './binding-resolution';
import { bindingErrors } from './bindings.errors';

/** `apply`: the Secrets carry the values, read now; `preview`: every credential value is redacted and nothing is read. */
export type BindingRenderMode = 'apply' | 'preview';

export interface BindingRenderInput {
  application: ApplicationEntity;
  cluster: ClusterCandidate;
  rendered: RenderedCluster;
  ownership: Ownership;
}

/** A cluster's objects with its bindings injected, and which binding revisions and credential versions they carry. */
export type InjectedCluster = RenderedCluster & { appliedBindings: AppliedBinding[] };

/**
 * The bindings stage of the fan-out, between placement and applying: resolves the application's bindings
 * for a cluster, adds one Service Binding Secret per binding to the application's namespace and projects
 * them into the workloads there. Secret values exist only in the objects this returns for `apply`: they
 * are read from the secret store or the cloud secret each time and never stored with plans or targets.
 */
@Injectable()
export class BindingRender {
  constructor(
    private readonly resolution: BindingResolution,
    private readonly credentials: BindingCredentials,
  ) {}

  /** 422 naming each cluster and binding that no instance satisfies (no scope matches, or locality refuses). */
  async assertSatisfiable(applicationId: string, clusters: readonly ClusterCandidate[]): Promise<void> {
    const loaded = await this.resolution.forApplication(applicationId);
    if (loaded.bindings.length === 0) return;
    const problems = clusters.flatMap((cluster) =>
      loaded
        .resolve(cluster)
        .bindings.flatMap((resolved) =>
          resolved.status === 'unsatisfied'
            ? [{ cluster: cluster.name, binding: resolved.name, reason: resolved.reason }]
            : [],
        ),
    );
    if (problems.length > 0) throw bindingErrors.unsatisfiedBindings(problems);
  }

  /** The cluster's objects with its binding Secrets added and its workloads projected. */
  async inject(
    input: BindingRenderInput,
    mode: BindingRenderMode,
    loaded?: ApplicationBindings,
  ): Promise<InjectedCluster> {
    const bindings = loaded ?? (await this.resolution.forApplication(input.application.id));
    if (bindings.bindings.length === 0) return { ...input.rendered, appliedBindings: [] };
    const resolution = bindings.resolve(input.cluster);
    const namespace = input.application.defaultNamespace;
    const secrets: KubeObject[] = [];
    const projected: WorkloadBinding[] = [];
    const appliedBindings: AppliedBinding[] = [];
    const stored =
      mode === 'apply'
        ? await this.credentials.readStored(
            resolution.bindings.flatMap((resolved) =>
              resolved.status === 'unsatisfied' ? [] : [resolved.binding.credential],
            ),
          )
        : new Map();
    for (const resolved of resolution.bindings) {
      if (resolved.status === 'unsatisfied') {
        throw new BindingError(
          'BINDING_UNSATISFIED',
          `binding ${resolved.name}: ${resolved.reason}`,
          `bindings.${resolved.name}`,
        );
      }
      const { secret, workload, credentialVersion } = await this.bindingObjects(
        input,
        resolved,
        namespace,
        mode,
        bindings,
        stored,
      );
      secrets.push(stampOwnership(secret, input.ownership));
      projected.push(workload);
      appliedBindings.push({
        name: resolved.name,
        bindingId: resolved.binding.id,
        revision: resolved.binding.revision,
        credentialVersion,
      });
    }
    const inNamespace = (object: KubeObject) => (object.metadata.namespace ?? namespace) === namespace;
    const workloads = projectBindings(input.rendered.objects.filter(inNamespace), projected);
    const others = input.rendered.objects.filter((object) => !inNamespace(object));
    return {
      ...input.rendered,
      objects: [...others, ...workloads, ...secrets].sort(compareInstallOrder),
      appliedBindings,
    };
  }

  private async bindingObjects(
    input: BindingRenderInput,
    resolved: BoundResolution,
    namespace: string,
    mode: BindingRenderMode,
    loaded: ApplicationBindings,
    stored: StoredValues,
  ): Promise<{ secret: KubeObject; workload: WorkloadBinding; credentialVersion: string }> {
    const instance = loaded.instances.get(resolved.instance.id);
    if (!instance) throw new Error(`instance ${resolved.instance.id} vanished while rendering`);
    const credential = resolved.binding.credential;
    const read =
      mode === 'apply'
        ? await this.credentials.read(credential, instance, 'credential', stored)
        : { fields: placeholders(resolved), version: credential.type === 'stored' ? String(credential.version) : '' };
    const entries = bindingEntries(resolved.instance, read.fields);
    const secretInput = {
      name: bindingSecretName(input.application.name, resolved.name),
      namespace,
      bindingName: resolved.name,
      bindingType: SERVICE_CLASSES[resolved.instance.serviceClass].bindingType,
    };
    const secret =
      mode === 'apply'
        ? bindingSecret({ ...secretInput, entries: entries.entries })
        : previewBindingSecret({ ...secretInput, entries: redactedEntries(entries) });
    return {
      secret,
      credentialVersion: read.version,
      workload: {
        name: resolved.name,
        secretName: secretInput.name,
        entryKeys: Object.keys(entries.entries),
        workloads: resolved.binding.workloads,
        env: resolved.binding.env,
        revisionToken: `${resolved.binding.id}@${resolved.binding.revision}/${read.version}`,
      },
    };
  }
}

/** Redacted stand-ins for the credential fields a binding has, so a preview shows every entry it will get. */
function placeholders(resolved: BoundResolution): Record<string, string> {
  const credential = resolved.binding.credential;
  const names =
    credential.type === 'stored'
      ? credential.fieldNames
      : credential.type === 'cloud-secret'
        ? SERVICE_CLASSES[resolved.instance.serviceClass].credential.required
        : [];
  return Object.fromEntries(names.map((name) => [name, REDACTED]));
}

/** Whether an object is a binding Secret (drift compares those by hash, never by value). */
export function isBindingSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.metadata.labels?.[BINDING_LABEL] !== undefined;
}
