import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BindingCredential,
  BindingEnvVar,
  BindingScope,
  BoundResolution,
  REDACTED,
  SERVICE_CLASSES,
  WorkloadSelection,
  bindingConflicts,
  bindingEntries,
  bindingNameViolation,
  bindingSecretName,
  describeScope,
  missingCredentialFields,
  needsCredential,
  productOf,
  redactedEntries,
  scopeKey,
} from '@fleetplane/bindings';
import type { Principal } from '@fleetplane/http';
import {
  ApplicationEntity,
  BindingChange,
  ClusterEntity,
  ServiceBindingEntity,
  ServiceInstanceEntity,
} from '@fleetplane/persistence';
import type { ServiceClassName } from '@fleetplane/providers';
import { SecretStore, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { BindingCredentials } from './binding-credentials';
import { CredentialInput } from './binding-input';
import { BindingResolution, instanceViewOf } from './binding-resolution';
import { BindingRevisions, snapshotOf, stableJson } from './binding-revisions';
import { bindingErrors } from './bindings.errors';
import { BindingView, ResolutionView, ResolvedBindingView } from './dto/views';
import { activeDeploymentOf, lockRolloutsOf } from './rollout-guard';

/** A binding write, checked for shape at the edge. */
export interface BindingWrite {
  serviceClass: ServiceClassName;
  scope: BindingScope;
  instance: string;
  role: ServiceBindingEntity['role'];
  locality: ServiceBindingEntity['locality'];
  credential: CredentialInput;
  workloads: WorkloadSelection;
  env: BindingEnvVar[];
}

/** A binding as written, and the revision the write recorded (none when it changed nothing). */
export interface WrittenBinding {
  view: BindingView;
  change?: BindingChange;
}

/**
 * An application's bindings: written per name and scope, each write checked against the catalogue, the
 * instance, the credential (a reference is read to prove the secret exists with the fields the class
 * needs) and the other bindings of the name (two equally specific ones that can match one cluster are
 * refused, naming both). Every change is a new revision, audited without any secret value. A change is
 * refused (409) while a deployment of the application is active: it rolls itself out (see BindingChanges),
 * and two rollouts of one application would apply over each other.
 */
@Injectable()
export class BindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly secrets: SecretStore,
    private readonly credentials: BindingCredentials,
    private readonly revisions: BindingRevisions,
    private readonly resolution: BindingResolution,
  ) {}

  async put(principal: Principal, applicationName: string, name: string, write: BindingWrite): Promise<WrittenBinding> {
    const application = await this.applications.get(principal, applicationName);
    this.applications.assertCanChange(principal, application.team);
    const nameProblem = bindingNameViolation(name);
    if (nameProblem)
      throw bindingErrors.invalidBinding(
        [{ field: 'path.name', message: nameProblem }],
        `Binding name ${name} ${nameProblem}.`,
      );
    const instance = await this.dataSource
      .getRepository(ServiceInstanceEntity)
      .findOneBy({ team: application.team, name: write.instance });
    if (!instance) throw bindingErrors.unknownInstance(write.instance);
    this.checkInstanceFits(write, instance);
    const fieldNames = await this.checkCredential(write, instance);
    this.checkEnv(write, instance, fieldNames);
    const { saved, change } = await this.dataSource.transaction((manager) =>
      this.upsert(manager, application, name, write, instance),
    );
    return { view: BindingView.of(saved, application.name, instance), ...(change ? { change } : {}) };
  }

  async list(principal: Principal, applicationName: string, name?: string): Promise<BindingView[]> {
    const application = await this.applications.get(principal, applicationName);
    const loaded = await this.resolution.forApplication(application.id);
    const bindings = loaded.bindings.filter((binding) => name === undefined || binding.name === name);
    if (name !== undefined && bindings.length === 0) throw bindingErrors.bindingNotFound(application.name, name);
    return bindings.flatMap((binding) => {
      const instance = loaded.instances.get(binding.instanceId);
      return instance ? [BindingView.of(binding, application.name, instance)] : [];
    });
  }

  /** Removes every binding of the name, or the one with `id`; each removal is a last, `deleted` revision. */
  async remove(principal: Principal, applicationName: string, name: string, id?: string): Promise<BindingView[]> {
    const application = await this.applications.get(principal, applicationName);
    this.applications.assertCanChange(principal, application.team);
    return this.dataSource.transaction(async (manager) => {
      const bindings = await manager.find(ServiceBindingEntity, {
        where: { applicationId: application.id, name, ...(id ? { id } : {}) },
        relations: { instance: true },
        lock: { mode: 'pessimistic_write', tables: ['service_bindings'] },
      });
      if (bindings.length === 0) throw bindingErrors.bindingNotFound(application.name, id ? `${name}/${id}` : name);
      await this.assertNoActiveRollout(manager, application);
      const removed: BindingView[] = [];
      for (const binding of bindings) {
        const instance =
          binding.instance ?? (await manager.findOneByOrFail(ServiceInstanceEntity, { id: binding.instanceId }));
        await manager.delete(ServiceBindingEntity, { id: binding.id });
        await this.deleteStored(manager, binding.credential);
        binding.revision += 1;
        await this.revisions.record(manager, binding, instance, 'deleted', application.name);
        removed.push(BindingView.of(binding, application.name, instance));
      }
      return removed;
    });
  }

  /** What the cluster would get, each binding explained, credential values redacted (never read). */
  async resolve(principal: Principal, applicationName: string, clusterName: string): Promise<ResolutionView> {
    const application = await this.applications.get(principal, applicationName);
    const cluster = await this.dataSource.getRepository(ClusterEntity).findOneBy({ name: clusterName });
    if (!cluster || !teamPolicy.canSee(principal, cluster.team)) throw bindingErrors.unknownCluster(clusterName);
    const loaded = await this.resolution.forApplication(application.id);
    const resolution = loaded.resolve(cluster);
    return {
      application: application.name,
      cluster: cluster.name,
      bindings: resolution.bindings.map((resolved): ResolvedBindingView => {
        if (resolved.status === 'unsatisfied')
          return {
            name: resolved.name,
            status: 'unsatisfied',
            reason: resolved.reason,
            candidates: resolved.candidates,
          };
        return {
          name: resolved.name,
          status: 'bound',
          bindingId: resolved.binding.id,
          scope: describeScope(resolved.binding.scope),
          instance: resolved.instance.name,
          revision: resolved.binding.revision,
          secret: redactedSecret(application.name, resolved),
          candidates: resolved.candidates,
        };
      }),
    };
  }

  private async assertNoActiveRollout(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    await lockRolloutsOf(manager, application.id);
    const active = await activeDeploymentOf(manager, application.id);
    if (active) throw bindingErrors.rolloutActive(application.name, active);
  }

  /** Deletes a stored credential's secret and the one it replaced, if that is not retired yet. */
  private async deleteStored(manager: EntityManager, credential: BindingCredential | undefined): Promise<void> {
    if (credential?.type !== 'stored') return;
    await this.secrets.delete(manager, credential.secretId);
    if (credential.previous) await this.secrets.delete(manager, credential.previous.secretId);
  }

  private checkInstanceFits(write: BindingWrite, instance: ServiceInstanceEntity): void {
    if (instance.serviceClass !== write.serviceClass) {
      throw bindingErrors.invalidBinding(
        [
          {
            field: 'class',
            message: `instance ${instance.name} is a ${instance.serviceClass}, not a ${write.serviceClass}`,
          },
        ],
        `Instance ${instance.name} (${instance.product}) does not provide ${write.serviceClass}.`,
      );
    }
    if (!productOf(write.serviceClass, instance.cloud, instance.product)) {
      throw bindingErrors.invalidBinding([
        {
          field: 'instance',
          message: `${instance.product} on ${instance.cloud} is not a ${write.serviceClass} product`,
        },
      ]);
    }
    if (write.scope.level === 'cloud' && write.scope.cloud !== instance.cloud) {
      throw bindingErrors.invalidBinding(
        [
          {
            field: 'scope.cloud',
            message: `instance ${instance.name} is in ${instance.cloud}, not ${write.scope.cloud}`,
          },
        ],
        `A binding scoped to cloud ${write.scope.cloud} cannot point at an instance in ${instance.cloud}.`,
      );
    }
    if (write.role === 'replica' && !instance.replicaOfNativeId) {
      throw bindingErrors.invalidBinding([
        { field: 'role', message: `instance ${instance.name} is no replica (its cloud reports no replication source)` },
      ]);
    }
  }

  /** The credential field names the binding will have; a reference is read now to prove them. */
  private async checkCredential(write: BindingWrite, instance: ServiceInstanceEntity): Promise<string[]> {
    const credential = write.credential;
    if (credential.type === 'none') {
      if (needsCredential(write.serviceClass)) {
        throw bindingErrors.invalidBinding([
          {
            field: 'credential',
            message: `a ${write.serviceClass} binding needs a credential with ${SERVICE_CLASSES[write.serviceClass].credential.required.join(', ')}`,
          },
        ]);
      }
      return [];
    }
    const fieldNames =
      credential.type === 'stored'
        ? Object.keys(credential.fields)
        : Object.keys(
            (await this.credentials.readCloudSecret(credential.reference, instance, 'credential.reference')).fields,
          );
    const missing = missingCredentialFields(write.serviceClass, fieldNames);
    if (missing.length > 0) {
      const field = credential.type === 'stored' ? 'credential.fields' : 'credential.reference';
      throw bindingErrors.invalidBinding(
        [{ field, message: `lacks ${missing.join(', ')}, which a ${write.serviceClass} binding needs` }],
        `The credential has no ${missing.join(', ')}: a workload bound with it could not connect.`,
      );
    }
    return fieldNames;
  }

  private checkEnv(write: BindingWrite, instance: ServiceInstanceEntity, fieldNames: string[]): void {
    const placeholders = Object.fromEntries(fieldNames.map((field) => [field, REDACTED]));
    const keys = Object.keys(bindingEntries(instanceViewOf(instance), placeholders).entries);
    write.env.forEach((variable, index) => {
      if (!keys.includes(variable.key)) {
        throw bindingErrors.invalidBinding([
          { field: `env[${index}].key`, message: `is not an entry of the binding Secret (${keys.join(', ')})` },
        ]);
      }
    });
  }

  private async upsert(
    manager: EntityManager,
    application: ApplicationEntity,
    name: string,
    write: BindingWrite,
    instance: ServiceInstanceEntity,
  ): Promise<{ saved: ServiceBindingEntity; change?: BindingChange }> {
    const siblings = await manager.find(ServiceBindingEntity, {
      where: { applicationId: application.id, name },
      relations: { instance: true },
      lock: { mode: 'pessimistic_write', tables: ['service_bindings'] },
    });
    const key = scopeKey(write.scope);
    const existing = siblings.find((binding) => binding.scopeKey === key);
    const otherClass = siblings.find(
      (binding) => binding.instance && binding.instance.serviceClass !== write.serviceClass,
    );
    if (otherClass) {
      throw bindingErrors.invalidBinding([
        {
          field: 'class',
          message: `binding ${name} is a ${otherClass.instance?.serviceClass} elsewhere (${describeScope(otherClass.scope)})`,
        },
      ]);
    }
    const conflicts = bindingConflicts({ id: existing?.id ?? 'new', scope: write.scope }, siblings);
    if (conflicts.length > 0) {
      throw bindingErrors.ambiguous(
        `Binding ${name} for ${describeScope(write.scope)} would tie with ${conflicts.map((conflict) => `binding ${conflict.existing.id} (${describeScope(conflict.existing.scope)})`).join(', ')}: both are as specific and can match one cluster.`,
        conflicts.map((conflict) => `${conflict.existing.id} (${describeScope(conflict.existing.scope)})`),
      );
    }
    const bindingId = existing?.id ?? randomUUID();
    const credential = await this.storeCredential(manager, bindingId, existing, write.credential);
    const binding =
      existing ??
      manager.create(ServiceBindingEntity, {
        id: bindingId,
        team: application.team,
        applicationId: application.id,
        name,
        scope: write.scope,
        scopeKey: key,
        revision: 1,
      });
    // `binding` is `existing` when there is one: what it was is taken before it changes.
    const before = existing ? snapshotOf(existing, existing.instance ?? instance) : undefined;
    Object.assign(binding, {
      scope: write.scope,
      instanceId: instance.id,
      role: write.role,
      locality: write.locality,
      credential,
      workloads: write.workloads,
      env: write.env,
    });
    const after = snapshotOf(binding, instance);
    if (existing && before && stableJson(before) === stableJson(after)) return { saved: existing };
    await this.assertNoActiveRollout(manager, application);
    if (existing) binding.revision += 1;
    const saved = await manager.save(binding);
    const onlyCredential =
      before !== undefined &&
      stableJson({ ...before, credential: null }) === stableJson({ ...after, credential: null });
    const change = !existing ? 'created' : onlyCredential ? 'credential-rotated' : 'updated';
    await this.revisions.record(manager, saved, instance, change, application.name);
    return { saved, change };
  }

  /**
   * The stored form of the credential. Stored fields equal to the current ones keep their secret and
   * version (a repeated PUT changes nothing); new ones are a new secret and version, and the current one
   * becomes `previous`: still valid until the rotation has rolled out (CredentialRetirement retires it).
   * Only one version is kept retiring: one older than that served a rollout that has finished, since a
   * change is refused while one is active. A switch to a reference or to none deletes the stored one now.
   */
  private async storeCredential(
    manager: EntityManager,
    bindingId: string,
    existing: ServiceBindingEntity | undefined,
    input: CredentialInput,
  ): Promise<BindingCredential> {
    const previous = existing?.credential;
    if (input.type === 'none') {
      await this.deleteStored(manager, previous);
      return { type: 'none' };
    }
    if (input.type === 'cloud-secret') {
      await this.deleteStored(manager, previous);
      return { type: 'cloud-secret', reference: input.reference };
    }
    if (previous?.type === 'stored') {
      const current = await this.secrets.get<Record<string, string>>(manager, previous.secretId);
      if (sameFields(current, input.fields) && previous.expiresAt === input.expiresAt) return previous;
    }
    const secretId = await this.secrets.put(manager, { type: 'binding-credential', id: bindingId }, input.fields);
    if (previous?.type === 'stored' && previous.previous)
      await this.secrets.delete(manager, previous.previous.secretId);
    return {
      type: 'stored',
      secretId,
      version: previous?.type === 'stored' ? previous.version + 1 : 1,
      fieldNames: Object.keys(input.fields).sort(),
      ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
      ...(previous?.type === 'stored'
        ? { previous: { secretId: previous.secretId, version: previous.version, since: new Date().toISOString() } }
        : {}),
    };
  }
}

function sameFields(left: Record<string, string>, right: Record<string, string>): boolean {
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}

/** The binding Secret as the cluster would get it, every credential value redacted, each entry's source named. */
function redactedSecret(application: string, resolved: BoundResolution): ResolvedBindingView['secret'] {
  const credential = resolved.binding.credential;
  const fieldNames =
    credential.type === 'stored'
      ? credential.fieldNames
      : credential.type === 'cloud-secret'
        ? [...SERVICE_CLASSES[resolved.instance.serviceClass].credential.required]
        : [];
  const entries = bindingEntries(resolved.instance, Object.fromEntries(fieldNames.map((field) => [field, REDACTED])));
  const credentialSource =
    credential.type === 'stored'
      ? `credential (stored, version ${credential.version})`
      : credential.type === 'cloud-secret'
        ? `credential (${credential.reference}, read when rendered)`
        : 'credential';
  const sources: Record<string, string> = {};
  for (const key of Object.keys(entries.entries)) {
    sources[key] =
      key === 'type'
        ? 'service class'
        : key === 'provider'
          ? `catalogue (${resolved.instance.product})`
          : entries.secretKeys.includes(key)
            ? credentialSource
            : `instance ${resolved.instance.name}`;
  }
  return {
    name: bindingSecretName(application, resolved.name),
    type: `servicebinding.io/${SERVICE_CLASSES[resolved.instance.serviceClass].bindingType}`,
    entries: redactedEntries(entries),
    sources,
  };
}
