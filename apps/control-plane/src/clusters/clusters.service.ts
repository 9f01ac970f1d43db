import { Injectable } from '@nestjs/common';
import { Page, Principal, assertIfMatch, paginate } from '@fleetplane/http';
import { LabelSelectorSyntaxError, activeDeploymentStates, parseLabelSelector } from '@fleetplane/fanout';
import { ClusterEntity, ClusterHealthTransitionEntity, ClusterInventoryEntity } from '@fleetplane/persistence';
import {
  CloudProviders,
  ClusterDescription,
  ClusterRef,
  ProviderCredential,
  ProviderError,
} from '@fleetplane/providers';
import { AuditLog, ClusterAddressPolicy, SecretStore, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { endpointFieldOf, forbiddenAddressProblem, refuseForbiddenEndpoint } from './cluster-address-check';
import { cloudOf, environmentOf, regionOf, storedDescription } from './cluster-facts';
import { whereLabelsMatch } from './label-selector-sql';
import { CloudIdentityTaken, clusterErrors } from './clusters.errors';
import { providerError } from './provider-errors';
import { AMBIENT_CREDENTIAL_TYPES, CREDENTIAL_TYPES_BY_PROVIDER } from './dto/credential.dto';
import { ClusterQuery } from './dto/cluster-query.dto';
import { UpdateClusterDto } from './dto/update-cluster.dto';

/** Everything a registration needs, already validated at the edge (or built by the control plane itself). */
export interface ClusterRegistration {
  name: string;
  team: string;
  /** None: from the cluster's labels, else `default` (see environmentOf). */
  environment?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ref: ClusterRef;
  credential: ProviderCredential;
}

const DESCRIBE_TIMEOUT_MS = 30_000;
const UNIQUE_VIOLATION = '23505';
const CLOUD_IDENTITY_INDEX = 'uq_clusters_cloud_identity';

@Injectable()
export class ClustersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: CloudProviders,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly addressPolicy: ClusterAddressPolicy,
  ) {}

  /** Checks who may register what, before anything is sent to a cloud. */
  authorize(
    principal: Principal,
    registration: Pick<ClusterRegistration, 'team' | 'credential' | 'ref'>,
    prefix = '',
  ): void {
    teamPolicy.assertCan(principal, registration.team, { role: 'operator', to: 'register clusters' });
    const accepted = CREDENTIAL_TYPES_BY_PROVIDER[registration.ref.provider] ?? [];
    if (!accepted.some((type) => type === registration.credential.type))
      throw clusterErrors.credentialTypeRefused(`${prefix}credential.type`, registration.ref.provider, accepted);
    if (AMBIENT_CREDENTIAL_TYPES.includes(registration.credential.type)) {
      teamPolicy.assertPlatformAdmin(
        principal,
        `use ${registration.credential.type}, which acts as the control plane's own identity`,
      );
    }
  }

  /**
   * Describes the cluster in its cloud first (which proves the reference and the credential), then
   * stores cluster, encrypted credential and audit event in one transaction: nothing half-registered.
   * A cluster already registered under another name is refused (409) by the unique index, so two
   * concurrent registrations cannot both pass.
   */
  async register(principal: Principal, registration: ClusterRegistration): Promise<ClusterEntity> {
    const description = await this.describe(registration.ref, registration.credential);
    try {
      return await this.dataSource.transaction((manager) => this.insert(manager, registration, description));
    } catch (error) {
      if (error instanceof CloudIdentityTaken)
        throw clusterErrors.alreadyRegistered(await this.holder(principal, error));
      throw error;
    }
  }

  /**
   * The name of the registration holding a refused cloud identity, if the principal may see it. Call it
   * after the refused transaction ended: the aborted one cannot be read from.
   */
  async holder(principal: Principal, refused: CloudIdentityTaken): Promise<string | undefined> {
    const holder = await this.dataSource.getRepository(ClusterEntity).findOneBy({ cloudIdentity: refused.identity });
    return holder && teamPolicy.canSee(principal, holder.team) ? holder.name : undefined;
  }

  /**
   * Describes a cluster, with cloud failures already translated into domain errors, and refuses (422) an
   * API server the cluster address policy refuses or whose URL carries a user and password.
   */
  async describe(ref: ClusterRef, credential: ProviderCredential): Promise<ClusterDescription> {
    let description: ClusterDescription;
    try {
      description = await this.providers.describe(ref, credential, {
        signal: AbortSignal.timeout(DESCRIBE_TIMEOUT_MS),
      });
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      throw forbiddenAddressProblem(error, endpointFieldOf(ref)) ?? providerError(error);
    }
    await refuseForbiddenEndpoint(description.endpoint, this.addressPolicy, endpointFieldOf(ref));
    return description;
  }

  async list(principal: Principal, query: ClusterQuery): Promise<Page<ClusterEntity>> {
    const builder = this.dataSource.getRepository(ClusterEntity).createQueryBuilder('cluster');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) builder.andWhere('cluster.team = :own', { own });
    const filters: Array<[keyof ClusterQuery, string]> = [
      ['provider', 'cluster.provider = :provider'],
      ['cloud', 'cluster.cloud = :cloud'],
      ['region', 'cluster.region = :region'],
      ['environment', 'cluster.environment = :environment'],
      ['health', 'cluster.health = :health'],
      ['team', 'cluster.team = :team'],
      ['cordoned', 'cluster.cordoned = :cordoned'],
    ];
    for (const [field, condition] of filters)
      if (query[field] !== undefined) builder.andWhere(condition, { [field]: query[field] });
    if (query.selector) whereLabelsMatch(builder, 'cluster.labels', this.selector(query.selector));
    return paginate(builder, query, {
      time: 'cluster.createdAt',
      id: 'cluster.id',
      timeOf: (c) => c.createdAt,
      idOf: (c) => c.id,
    });
  }

  async get(principal: Principal, name: string): Promise<ClusterEntity> {
    const cluster = await this.dataSource.getRepository(ClusterEntity).findOneBy({ name });
    if (!cluster || !teamPolicy.canSee(principal, cluster.team)) throw clusterErrors.notFound(name);
    return cluster;
  }

  async update(
    principal: Principal,
    name: string,
    input: UpdateClusterDto,
    ifMatch: string | undefined,
  ): Promise<ClusterEntity> {
    return this.mutate(principal, name, ifMatch, 'cluster.update', (cluster) => {
      if (input.labels) cluster.labels = input.labels;
      if (input.annotations) cluster.annotations = input.annotations;
      if (input.environment !== undefined) cluster.environment = input.environment;
    });
  }

  /** A cordoned cluster keeps what it runs; new placements skip it. Cordoning twice changes nothing. */
  async setCordoned(principal: Principal, name: string, cordoned: boolean): Promise<ClusterEntity> {
    return this.mutate(principal, name, undefined, cordoned ? 'cluster.cordon' : 'cluster.uncordon', (cluster) => {
      cluster.cordoned = cordoned;
    });
  }

  /**
   * Removes the cluster, its credential and its health history together, and forgets its access. Refused with 409 while an
   * active deployment targets it, unless an admin forces it (the rollout then fails on that cluster).
   */
  async deregister(principal: Principal, name: string, force = false): Promise<ClusterEntity> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const cluster = await this.lockForChange(manager, principal, name);
      const active: Array<{ id: string }> = await manager.query(
        `SELECT d.id FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
         WHERE t.cluster_id = $1 AND d.state = ANY($2)`,
        [cluster.id, activeDeploymentStates],
      );
      if (active.length > 0 && !(force && principal.role === 'admin')) {
        throw clusterErrors.stillTargeted(
          name,
          active.map((row) => row.id),
          force,
        );
      }
      await manager.delete(ClusterHealthTransitionEntity, { clusterId: cluster.id });
      await manager.delete(ClusterInventoryEntity, { clusterId: cluster.id });
      await manager.delete(ClusterEntity, { id: cluster.id });
      await this.secrets.delete(manager, cluster.credentialSecretId);
      await this.audit.record(manager, {
        action: 'cluster.deregister',
        resourceType: 'cluster',
        resourceId: cluster.name,
        team: cluster.team,
        before: cluster,
      });
      return cluster;
    });
    // Its cached access, and the connection kept alive with it, would otherwise stay for the process's life.
    this.providers.forgetAccess(removed.ref);
    return removed;
  }

  /**
   * Registers inside the caller's transaction (bulk import), refusing a taken name, and rejecting with
   * {@link CloudIdentityTaken} a cluster registered already: that aborts the transaction.
   */
  registerWithin(
    manager: EntityManager,
    registration: ClusterRegistration,
    description: ClusterDescription,
  ): Promise<ClusterEntity> {
    return this.insert(manager, registration, description);
  }

  /** Used by the embedded demo, which registers its sandbox clusters itself on every start. */
  async upsert(
    manager: EntityManager,
    registration: ClusterRegistration,
    description: ClusterDescription,
  ): Promise<ClusterEntity> {
    const existing = await manager.findOne(ClusterEntity, {
      where: { name: registration.name },
      lock: { mode: 'pessimistic_write' },
    });
    if (!existing) return this.insert(manager, registration, description);
    const secretId = await this.secrets.put(manager, { type: 'cluster', id: existing.id }, registration.credential);
    const oldSecret = existing.credentialSecretId;
    existing.credentialSecretId = secretId;
    existing.ref = registration.ref;
    existing.cloudIdentity = this.providers.cloudIdentity(description);
    existing.cloudDescription = storedDescription(description);
    const saved = await manager.save(existing);
    await this.secrets.delete(manager, oldSecret);
    return saved;
  }

  private async insert(
    manager: EntityManager,
    registration: ClusterRegistration,
    description: ClusterDescription,
  ): Promise<ClusterEntity> {
    const cluster = manager.create(ClusterEntity, {
      name: registration.name,
      team: registration.team,
      provider: registration.ref.provider,
      cloud: cloudOf(registration.ref, registration.labels),
      region: regionOf(description, registration.labels),
      environment: environmentOf(registration.environment, registration.labels),
      ref: registration.ref,
      cloudIdentity: this.providers.cloudIdentity(description),
      labels: registration.labels,
      annotations: registration.annotations,
      cloudDescription: storedDescription(description),
      cordoned: false,
      health: 'Unknown',
      healthReason: 'not probed yet',
      healthChangedAt: null,
      lastProbeAt: null,
      lastProbeLatencyMs: null,
    });
    cluster.credentialSecretId = await this.secrets.put(
      manager,
      { type: 'cluster', id: registration.name },
      registration.credential,
    );
    try {
      await manager.save(cluster);
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      const { code, constraint } = error as QueryFailedError & { code?: string; constraint?: string };
      if (code === UNIQUE_VIOLATION && constraint === CLOUD_IDENTITY_INDEX && cluster.cloudIdentity)
        throw new CloudIdentityTaken(cluster.cloudIdentity);
      if (code === UNIQUE_VIOLATION) throw clusterErrors.nameTaken(registration.name);
      throw error;
    }
    await this.audit.record(manager, {
      action: 'cluster.register',
      resourceType: 'cluster',
      resourceId: cluster.name,
      team: cluster.team,
      after: cluster,
    });
    return cluster;
  }

  private async mutate(
    principal: Principal,
    name: string,
    ifMatch: string | undefined,
    action: string,
    change: (cluster: ClusterEntity) => void,
  ): Promise<ClusterEntity> {
    return this.dataSource.transaction(async (manager) => {
      const cluster = await this.lockForChange(manager, principal, name);
      assertIfMatch(ifMatch, cluster.version);
      const before = { ...cluster };
      change(cluster);
      if (JSON.stringify(before) === JSON.stringify({ ...cluster })) return cluster;
      const saved = await manager.save(cluster);
      await this.audit.record(manager, {
        action,
        resourceType: 'cluster',
        resourceId: name,
        team: cluster.team,
        before,
        after: saved,
      });
      return saved;
    });
  }

  private async lockForChange(manager: EntityManager, principal: Principal, name: string): Promise<ClusterEntity> {
    const cluster = await manager.findOne(ClusterEntity, { where: { name }, lock: { mode: 'pessimistic_write' } });
    if (!cluster || !teamPolicy.canSee(principal, cluster.team)) throw clusterErrors.notFound(name);
    teamPolicy.assertCan(principal, cluster.team, { role: 'operator', to: 'change clusters' });
    return cluster;
  }

  private selector(text: string) {
    try {
      return parseLabelSelector(text);
    } catch (error) {
      if (error instanceof LabelSelectorSyntaxError) throw clusterErrors.invalidSelector(error.message);
      throw error;
    }
  }
}
