import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import { SERVICE_CLASSES, productOf } from '@fleetplane/bindings';
import { ServiceBindingEntity, ServiceInstanceEntity } from '@fleetplane/persistence';
import {
  ManagedServiceFacts,
  ManagedServices,
  ProviderCredential,
  ProviderError,
  ServiceCloud,
} from '@fleetplane/providers';
import { AuditLog, SecretStore, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { bindingErrors, cloudProblem } from './bindings.errors';
import { BindingRevisions, currentActor } from './binding-revisions';
import { firstActiveRollout } from './rollout-guard';
import { ServiceCredential, cloudOfNativeId, isAmbient, ofCloud, serviceCredentialFor } from './service-credentials';
import type { ImportReportView, ImportedInstanceView } from './dto/views';

const CLOUD_CALL_TIMEOUT_MS = 30_000;
const UNIQUE_VIOLATION = '23505';
const NATIVE_ID_INDEX = 'uq_service_instances_team_native_id';

/** A refreshed instance and the bindings to it whose revision the refresh bumped (its endpoint moved). */
export interface InstanceRefresh {
  instance: ServiceInstanceEntity;
  changed: ServiceBindingEntity[];
}

export interface InstanceRegistration {
  nativeId: string;
  name?: string;
  team: string;
  credential: ProviderCredential;
}

/**
 * Registers managed services by native id and keeps what their cloud says about them. Read-only towards
 * the cloud. Every registration describes the resource first, so a missing one is refused (422 naming
 * `nativeId`) with nothing stored; the account credential goes to the secret store, never to a response.
 */
@Injectable()
export class ServiceInstancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly managed: ManagedServices,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly revisions: BindingRevisions,
  ) {}

  async register(principal: Principal, registration: InstanceRegistration): Promise<ServiceInstanceEntity> {
    teamPolicy.assertCan(principal, registration.team, { role: 'operator', to: 'register service instances' });
    const cloud = cloudOfNativeId(registration.nativeId);
    if (!cloud) throw bindingErrors.unrecognisedNativeId(registration.nativeId);
    const credential = serviceCredentialFor(principal, cloud, registration.credential);
    const registered = await this.dataSource
      .getRepository(ServiceInstanceEntity)
      .findOneBy({ team: registration.team, nativeId: registration.nativeId });
    if (registered) throw bindingErrors.instanceRegistered(registration.nativeId, registered.name);
    const facts = await this.describe(cloud, registration.nativeId, credential, 'nativeId');
    return this.dataSource.transaction((manager) =>
      this.insert(manager, registration.team, registration.name ?? facts.name, facts, registration.credential),
    );
  }

  /** Discovers every bindable service of an account and registers those not registered yet, reporting each. */
  async import(
    principal: Principal,
    input: { cloud: ServiceCloud; team: string; regions?: string[]; credential: ProviderCredential },
  ): Promise<ImportReportView> {
    teamPolicy.assertCan(principal, input.team, { role: 'operator', to: 'register service instances' });
    const credential = serviceCredentialFor(principal, input.cloud, input.credential);
    let discovered: ManagedServiceFacts[];
    try {
      discovered = await this.managed
        .get(input.cloud)
        .discover(this.scopeOf(input), credential, { signal: AbortSignal.timeout(CLOUD_CALL_TIMEOUT_MS) });
    } catch (error) {
      throw error instanceof ProviderError ? cloudProblem(error, 'regions') : error;
    }
    const instances: ImportedInstanceView[] = [];
    for (const facts of discovered.sort((a, b) => (a.nativeId < b.nativeId ? -1 : 1))) {
      instances.push(await this.importOne(input.team, facts, input.credential));
    }
    return {
      discovered: discovered.length,
      registered: instances.filter((instance) => instance.outcome === 'registered').length,
      instances,
    };
  }

  async list(principal: Principal, page: { limit: number; cursor?: string }): Promise<Page<ServiceInstanceEntity>> {
    const builder = this.dataSource.getRepository(ServiceInstanceEntity).createQueryBuilder('instance');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) builder.andWhere('instance.team = :own', { own });
    return paginate(builder, page, {
      time: 'instance.createdAt',
      id: 'instance.id',
      timeOf: (instance) => instance.createdAt,
      idOf: (instance) => instance.id,
    });
  }

  /** By name: the caller's team's first; a platform admin also finds another team's. Invisible reads as absent. */
  async get(
    principal: Principal,
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceInstanceEntity> {
    const found = await manager.find(ServiceInstanceEntity, { where: { name }, order: { team: 'ASC' } });
    const visible = found.filter((instance) => teamPolicy.canSee(principal, instance.team));
    const instance = visible.find((candidate) => candidate.team === principal.team) ?? visible[0];
    if (!instance) throw bindingErrors.instanceNotFound(name);
    return instance;
  }

  /**
   * Describes the instance again (with a new account credential when given). An endpoint that moved is a
   * new revision of every binding to the instance, answered as `changed` for the caller to roll out; it
   * is refused (409, nothing written) while an application bound to the instance has an active
   * deployment, as a binding change is.
   */
  async refresh(principal: Principal, name: string, newCredential?: ProviderCredential): Promise<InstanceRefresh> {
    const instance = await this.get(principal, name);
    teamPolicy.assertCan(principal, instance.team, { role: 'operator', to: 'change service instances' });
    const credential = newCredential
      ? serviceCredentialFor(principal, instance.cloud, newCredential)
      : await this.accountCredential(instance);
    const facts = await this.describe(instance.cloud, instance.nativeId, credential, 'nativeId');
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(ServiceInstanceEntity, {
        where: { id: instance.id },
        lock: { mode: 'pessimistic_write' },
      });
      const before = { ...locked };
      const changed = endpointMoved(locked, facts) ? await this.lockIdleBindings(manager, locked) : [];
      Object.assign(locked, factsColumns(facts), { refreshedAt: new Date() });
      if (newCredential) {
        const old = locked.credentialSecretId;
        locked.credentialSecretId = await this.secrets.put(
          manager,
          { type: 'service-instance', id: locked.id },
          newCredential,
        );
        locked.ambient = isAmbient(newCredential);
        await manager.save(locked);
        if (old) await this.secrets.delete(manager, old);
      } else {
        await manager.save(locked);
      }
      await this.revisions.instanceChanged(manager, locked, changed);
      await this.audit.record(manager, {
        action: 'service-instance.refresh',
        resourceType: 'service-instance',
        resourceId: locked.name,
        team: locked.team,
        before,
        after: locked,
      });
      return { instance: locked, changed };
    });
  }

  /**
   * The bindings to the instance, locked, with their applications; refused (409) when one of those
   * applications has an active deployment. The binding rows are locked before the rollout locks, in the
   * order a binding write takes them, so the two cannot deadlock.
   */
  private async lockIdleBindings(
    manager: EntityManager,
    instance: ServiceInstanceEntity,
  ): Promise<ServiceBindingEntity[]> {
    const bindings = await manager.find(ServiceBindingEntity, {
      where: { instanceId: instance.id },
      relations: { application: true },
      order: { name: 'ASC', scopeKey: 'ASC' },
      lock: { mode: 'pessimistic_write', tables: ['service_bindings'] },
    });
    const active = await firstActiveRollout(
      manager,
      bindings.map((binding) => binding.applicationId),
    );
    if (active) {
      const application = bindings.find((binding) => binding.applicationId === active.applicationId)?.application;
      throw bindingErrors.instanceRolloutActive(
        instance.name,
        application?.name ?? active.applicationId,
        active.deploymentId,
      );
    }
    return bindings;
  }

  /** Refused (409, naming them) while bindings use the instance; the cloud resource is never touched. */
  async deregister(principal: Principal, name: string): Promise<ServiceInstanceEntity> {
    const instance = await this.get(principal, name);
    teamPolicy.assertCan(principal, instance.team, { role: 'operator', to: 'change service instances' });
    return this.dataSource.transaction(async (manager) => {
      const bindings = await manager.find(ServiceBindingEntity, {
        where: { instanceId: instance.id },
        relations: { application: true },
      });
      if (bindings.length > 0) {
        throw bindingErrors.instanceInUse(
          name,
          bindings.map((binding) => `${binding.application?.name ?? binding.applicationId}/${binding.name}`),
        );
      }
      await manager.update(ServiceInstanceEntity, { replicaOfId: instance.id }, { replicaOfId: null });
      await manager.delete(ServiceInstanceEntity, { id: instance.id });
      if (instance.credentialSecretId) await this.secrets.delete(manager, instance.credentialSecretId);
      await this.audit.record(manager, {
        action: 'service-instance.deregister',
        resourceType: 'service-instance',
        resourceId: instance.name,
        team: instance.team,
        before: instance,
      });
      return instance;
    });
  }

  /** The account credential an instance is read with, decrypted. */
  async accountCredential(instance: ServiceInstanceEntity): Promise<ServiceCredential> {
    if (!instance.credentialSecretId) throw new Error(`service instance ${instance.id} has no stored credential`);
    const stored = await this.secrets.get<ProviderCredential>(this.dataSource.manager, instance.credentialSecretId);
    const typed = ofCloud(instance.cloud, stored);
    if (!typed) throw new Error(`service instance ${instance.id} holds a credential of another cloud`);
    return typed;
  }

  private async describe(
    cloud: ServiceCloud,
    nativeId: string,
    credential: ServiceCredential,
    field: string,
  ): Promise<ManagedServiceFacts> {
    try {
      const facts = await this.managed
        .get(cloud)
        .describe(nativeId, credential, { signal: AbortSignal.timeout(CLOUD_CALL_TIMEOUT_MS) });
      if (!productOf(facts.serviceClass, facts.cloud, facts.product)) {
        throw bindingErrors.invalidBinding(
          [{ field, message: `${facts.product} is not a product of class ${facts.serviceClass}` }],
          `${nativeId} is a ${facts.product}, which the ${SERVICE_CLASSES[facts.serviceClass].name} catalogue does not list.`,
        );
      }
      return facts;
    } catch (error) {
      throw error instanceof ProviderError ? cloudProblem(error, field) : error;
    }
  }

  private async importOne(
    team: string,
    facts: ManagedServiceFacts,
    credential: ProviderCredential,
  ): Promise<ImportedInstanceView> {
    const existing = await this.dataSource
      .getRepository(ServiceInstanceEntity)
      .findOneBy({ team, nativeId: facts.nativeId });
    if (existing) return { nativeId: facts.nativeId, name: existing.name, outcome: 'already-registered' };
    const name = importName(facts.name);
    try {
      await this.dataSource.transaction((manager) => this.insert(manager, team, name, facts, credential));
      return { nativeId: facts.nativeId, name, outcome: 'registered' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { nativeId: facts.nativeId, name, outcome: 'failed', reason };
    }
  }

  private scopeOf(input: { cloud: ServiceCloud; regions?: string[] }) {
    return input.regions ? { regions: input.regions } : {};
  }

  private async insert(
    manager: EntityManager,
    team: string,
    name: string,
    facts: ManagedServiceFacts,
    credential: ProviderCredential,
  ): Promise<ServiceInstanceEntity> {
    const replicaOf = facts.replicaOf
      ? await manager.findOneBy(ServiceInstanceEntity, { team, nativeId: facts.replicaOf })
      : null;
    const instance = manager.create(ServiceInstanceEntity, {
      team,
      name,
      ...factsColumns(facts),
      replicaOfId: replicaOf?.id ?? null,
      ambient: isAmbient(credential),
      registeredBy: currentActor(),
      refreshedAt: new Date(),
    });
    instance.credentialSecretId = await this.secrets.put(
      manager,
      { type: 'service-instance', id: facts.nativeId },
      credential,
    );
    try {
      await manager.save(instance);
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      const { code, constraint } = error as QueryFailedError & { code?: string; constraint?: string };
      // A concurrent registration won the race; the aborted transaction cannot be read from to name it.
      if (code === UNIQUE_VIOLATION && constraint === NATIVE_ID_INDEX)
        throw bindingErrors.instanceRegistered(facts.nativeId, 'another instance');
      if (code === UNIQUE_VIOLATION) throw bindingErrors.instanceNameTaken(name);
      throw error;
    }
    // Replicas registered before their source learn it now.
    await manager.update(
      ServiceInstanceEntity,
      { team, replicaOfNativeId: facts.nativeId },
      { replicaOfId: instance.id },
    );
    await this.audit.record(manager, {
      action: 'service-instance.register',
      resourceType: 'service-instance',
      resourceId: instance.name,
      team,
      after: instance,
    });
    return instance;
  }
}

function endpointMoved(instance: ServiceInstanceEntity, facts: ManagedServiceFacts): boolean {
  return (
    instance.endpointHost !== (facts.endpoint?.host ?? null) ||
    instance.endpointPort !== (facts.endpoint?.port ?? null) ||
    instance.uri !== (facts.uri ?? null)
  );
}

function factsColumns(facts: ManagedServiceFacts) {
  return {
    cloud: facts.cloud,
    nativeId: facts.nativeId,
    product: facts.product,
    serviceClass: facts.serviceClass,
    region: facts.region,
    endpointHost: facts.endpoint?.host ?? null,
    endpointPort: facts.endpoint?.port ?? null,
    uri: facts.uri ?? null,
    engine: facts.engine ?? null,
    state: facts.state,
    cloudState: facts.cloudState,
    tags: facts.tags,
    replicaOfNativeId: facts.replicaOf ?? null,
  };
}

/** A cloud name as a DNS label: lowercased, other characters as `-`, trimmed to 63. */
function importName(cloudName: string): string {
  const label = cloudName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'instance';
}
