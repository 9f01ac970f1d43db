import { Injectable } from '@nestjs/common';
import { InventoryRef } from '@fleetplane/fanout';
import { KubeObject, apiGroupOf, identityKey, identityOf, managerName, ownershipKeys } from '@fleetplane/objects';
import { KubeClusterClient, LiveObject, refOf } from '@fleetplane/kube';
import {
  ApiTokenEntity,
  ApplicationEntity,
  DeploymentEntity,
  InventoryReads,
  NamespaceClaimEntity,
  SsoSessionEntity,
} from '@fleetplane/persistence';
import { LiveOwner, PLATFORM_TEAM, mayAdopt } from '@fleetplane/security';
import { DataSource, In } from 'typeorm';
import { objectLabel } from './object-label';

/** What one apply is about to send to one cluster. */
export interface GatedApply {
  application: ApplicationEntity;
  deployment: DeploymentEntity;
  clusterId: string;
  objects: readonly KubeObject[];
  /** Namespaces this very apply created: nothing in them can exist yet, so they are not read. */
  createdNamespaces: readonly string[];
  signal: AbortSignal;
}

/** Objects on a cluster that an apply would have taken from their owner; the target fails with it. */
export class OwnershipConflict extends Error {
  constructor(readonly conflicts: ReadonlyArray<{ object: string; owner: string }>) {
    super(
      `${conflicts.length === 1 ? 'an object' : `${conflicts.length} objects`} on the cluster belong to others, ` +
        `left untouched: ${conflicts.map(({ object, owner }) => `${object} (${owner})`).join('; ')}`,
    );
    this.name = 'OwnershipConflict';
  }
}

/**
 * Keeps an application from overwriting what is not its own. Before the first apply of an object on a
 * cluster (not in the application's inventory there) the object is read: one that exists without this
 * application's ownership labels (another application's, or none) is not applied unless the deployment
 * asked for adoption and may adopt it (see {@link mayAdopt}). Objects already in the inventory were
 * checked when they joined it and cost no read, nor do objects in namespaces the apply just created,
 * so a first rollout to a fresh cluster sends no more requests than before.
 */
@Injectable()
export class OwnershipGate {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventories: InventoryReads,
  ) {}

  /** Rejects with {@link OwnershipConflict}, or with the client's errors when a read fails. */
  async assertApplicable(client: KubeClusterClient, apply: GatedApply): Promise<void> {
    const created = new Set(apply.createdNamespaces);
    const outside = apply.objects.filter((object) => !inFreshNamespace(object, created));
    if (outside.length === 0) return;
    const known = new Set((await this.inventories.of(apply.application.id, apply.clusterId)).map(inventoryKey));
    const unknown = outside.filter((object) => !known.has(identityKey(identityOf(object))));
    if (unknown.length === 0) return;
    for (const name of await absentNamespaces(client, unknown, apply.signal)) created.add(name);
    const toRead = unknown.filter((object) => !inFreshNamespace(object, created));
    if (toRead.length === 0) return;
    const live = await client.readLive(toRead.map(refOf), { signal: apply.signal });
    const foreign = toRead.flatMap((object, index) => {
      const current = live[index];
      return current && applicationOf(current) !== apply.application.name ? [{ object, live: current }] : [];
    });
    if (foreign.length === 0) return;
    const owners = await this.ownersOf(foreign.map((entry) => entry.live));
    const adoptable = apply.deployment.spec['adopt'] === true ? await this.adoptionContext(apply) : undefined;
    const conflicts = foreign.flatMap(({ object, live: current }, index) =>
      adoptable && mayAdopt(owners[index], adoptable(object))
        ? []
        : [{ object: objectLabel(object), owner: describeOwner(owners[index], current) }],
    );
    if (conflicts.length > 0) throw new OwnershipConflict(conflicts);
  }

  /** Each live object's owning application and its team (unknown applications own nothing). */
  private async ownersOf(live: readonly LiveObject[]): Promise<LiveOwner[]> {
    const names = [...new Set(live.flatMap((object) => applicationOf(object) ?? []))];
    const applications =
      names.length === 0 ? [] : await this.dataSource.getRepository(ApplicationEntity).findBy({ name: In(names) });
    const teamOf = new Map(applications.map((application) => [application.name, application.team]));
    return live.map((object) => {
      const application = applicationOf(object);
      return application === undefined ? {} : { application, team: teamOf.get(application) };
    });
  }

  /**
   * The team and role of a deployment's creator: its API token's, or for a person (`user:...`) the
   * grant of their latest sign-in, which is what they held when they asked.
   */
  private async creatorGrant(createdBy: string): Promise<{ teamName: string; role: string } | null> {
    const separator = createdBy.indexOf(':');
    const [kind, id] = [createdBy.slice(0, separator), createdBy.slice(separator + 1)];
    if (kind === 'token') return this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id });
    if (kind !== 'user') return null;
    return this.dataSource
      .getRepository(SsoSessionEntity)
      .findOne({ where: { actor: createdBy }, order: { createdAt: 'DESC' } });
  }

  /** Who asked for the adoption, and which teams granted this application each namespace on this cluster. */
  private async adoptionContext(apply: GatedApply) {
    const creator = await this.creatorGrant(apply.deployment.createdBy);
    const claims = await this.dataSource
      .getRepository(NamespaceClaimEntity)
      .findBy({ applicationId: apply.application.id });
    const byPlatformAdmin = creator?.teamName === PLATFORM_TEAM && creator.role === 'admin';
    return (object: KubeObject) => ({
      team: apply.application.team,
      byPlatformAdmin,
      grantingTeams: new Set(
        claims
          .filter(
            (claim) =>
              claim.namespace === object.metadata.namespace &&
              (claim.clusterId === null || claim.clusterId === apply.clusterId),
          )
          .map((claim) => claim.grantedByTeam),
      ),
    });
  }
}

/**
 * In a namespace that did not exist before this apply (it created it, or it is not on the cluster yet),
 * or that namespace itself: nothing there can be anyone else's.
 */
function inFreshNamespace(object: KubeObject, fresh: ReadonlySet<string>): boolean {
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') return fresh.has(object.metadata.name);
  return object.metadata.namespace !== undefined && fresh.has(object.metadata.namespace);
}

/**
 * The namespaces the objects live in (or are) that the cluster does not have: one read per namespace
 * instead of one per object in it, as for a release that brings its own Namespace to a fresh cluster.
 */
async function absentNamespaces(
  client: KubeClusterClient,
  objects: readonly KubeObject[],
  signal: AbortSignal,
): Promise<string[]> {
  const names = [
    ...new Set(
      objects.flatMap((object) =>
        object.kind === 'Namespace' && object.apiVersion === 'v1'
          ? [object.metadata.name]
          : (object.metadata.namespace ?? []),
      ),
    ),
  ];
  const live = await client.readLive(
    names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', name })),
    { signal },
  );
  return names.filter((_name, index) => live[index] === undefined);
}

/** The application a live object's Fleetplane ownership labels name, if it carries them. */
function applicationOf(live: LiveObject): string | undefined {
  const labels = (live.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
  return labels[ownershipKeys.managedBy] === managerName ? labels[ownershipKeys.application] : undefined;
}

function describeOwner(owner: LiveOwner, live: LiveObject): string {
  if (owner.application !== undefined)
    return `owned by application ${owner.application}${owner.team === undefined ? '' : ` of team ${owner.team}`}`;
  const managedFields = (live.metadata as { managedFields?: Array<{ manager?: string }> } | undefined)?.managedFields;
  const managers = [...new Set((managedFields ?? []).flatMap((entry) => entry.manager ?? []))];
  return `not managed by Fleetplane${managers.length > 0 ? `; field managers ${managers.join(', ')}` : ''}`;
}

function inventoryKey({ apiVersion, kind, namespace, name }: InventoryRef): string {
  return identityKey({ group: apiGroupOf(apiVersion), kind, name, ...(namespace === undefined ? {} : { namespace }) });
}
