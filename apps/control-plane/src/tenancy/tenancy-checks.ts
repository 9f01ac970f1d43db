import { Injectable } from '@nestjs/common';
import { FieldError, domainErrors } from '@fleetplane/http';
import { RenderedCluster, kindRegistryFor } from '@fleetplane/fanout';
import { KubeObject } from '@fleetplane/objects';
import { ApplicationEntity } from '@fleetplane/persistence';
import {
  ClaimRef,
  PLATFORM_TEAM,
  deployDenial,
  describeClaimOwner,
  foreignClaim,
  kindKey,
  mayUseClusterScopedKind,
} from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { ClusterScopedKindsService } from './cluster-scoped-kinds.service';
import { NamespaceClaimsService } from './namespace-claims.service';
import { objectLabel } from './object-label';

/** An object as the checks see it: its kind's scope decided, and the namespace it lands in. */
interface PlacedObject {
  object: KubeObject;
  /** The namespace the object lives in, or that a Namespace object is; undefined for other cluster-scoped kinds. */
  namespace?: string;
  clusterScoped: boolean;
}

/**
 * The tenancy checks a release and a deployment pass before anything is stored: no cluster-scoped kind
 * the team's policy does not allow, no namespace another team's application owns, and (for a
 * deployment, after rendering for each cluster) only namespaces this application claims there.
 */
@Injectable()
export class TenancyChecks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: NamespaceClaimsService,
    private readonly policies: ClusterScopedKindsService,
  ) {}

  /** 422 naming each object (`manifests[i]`) a release of the application may not carry, and its owner. */
  async assertPublishable(application: ApplicationEntity, objects: readonly KubeObject[]): Promise<void> {
    const placed = placedObjects(objects, application.defaultNamespace);
    const claims = await this.claimsOn(placed);
    const allowed = await this.allowedKinds(application.team);
    const errors = placed.flatMap((entry, index): FieldError[] => {
      const problem = this.kindProblem(application.team, allowed, entry) ?? ownerProblem(claims, entry, application);
      return problem ? [{ field: `manifests[${index}]`, message: `${objectLabel(entry.object)}: ${problem}` }] : [];
    });
    if (errors.length > 0) throw tenancyViolation(application, errors);
  }

  /**
   * 422 naming each rendered object the application may not put on a cluster, with the clusters and the
   * namespace's owner: the checks of {@link assertPublishable} again (overrides may move an object and
   * the policy may have changed), and the application's own claim on each namespace, per cluster.
   */
  async assertDeployable(application: ApplicationEntity, rendered: readonly RenderedCluster[]): Promise<void> {
    // Clusters that render alike share one objects array: each is placed once, however many clusters.
    const placedOnce = new Map<readonly KubeObject[], PlacedObject[]>();
    const perCluster = rendered.map((cluster) => {
      let placed = placedOnce.get(cluster.objects);
      if (!placed)
        placedOnce.set(cluster.objects, (placed = placedObjects(cluster.objects, application.defaultNamespace)));
      return { cluster, placed };
    });
    const claims = await this.claimsOn([...placedOnce.values()].flat());
    const allowed = await this.allowedKinds(application.team);
    const claimant = { applicationId: application.id, team: application.team };
    const clustersByProblem = new Map<string, string[]>();
    for (const { cluster, placed } of perCluster) {
      for (const entry of placed) {
        const problem =
          this.kindProblem(application.team, allowed, entry) ??
          (entry.namespace === undefined
            ? undefined
            : deployDenial(claims, entry.namespace, claimant, cluster.clusterId));
        if (!problem) continue;
        const key = `${objectLabel(entry.object)}: ${problem}`;
        clustersByProblem.set(key, [...(clustersByProblem.get(key) ?? []), cluster.clusterName]);
      }
    }
    const errors = [...clustersByProblem].map(([problem, clusters]) => ({
      field: 'release',
      message: `${problem} (on ${clusters.join(', ')})`,
    }));
    if (errors.length > 0) throw tenancyViolation(application, errors);
  }

  private kindProblem(team: string, allowed: readonly string[], entry: PlacedObject): string | undefined {
    if (!entry.clusterScoped) return undefined;
    const key = kindKey(entry.object.apiVersion, entry.object.kind);
    if (mayUseClusterScopedKind(team, allowed, key)) return undefined;
    return `team ${team} may not use the cluster-scoped kind ${key} (a platform admin can allow it in the team's cluster-scoped kinds policy)`;
  }

  private claimsOn(placed: readonly PlacedObject[]): Promise<ClaimRef[]> {
    const namespaces = [...new Set(placed.flatMap((entry) => entry.namespace ?? []))];
    return namespaces.length === 0 ? Promise.resolve([]) : this.claims.claimsOn(this.dataSource.manager, namespaces);
  }

  private allowedKinds(team: string): Promise<string[]> {
    return team === PLATFORM_TEAM ? Promise.resolve([]) : this.policies.allowedKinds(team);
  }
}

function placedObjects(objects: readonly KubeObject[], defaultNamespace: string): PlacedObject[] {
  const registry = kindRegistryFor(objects);
  return objects.map((object) => {
    const clusterScoped = registry.find(object.apiVersion, object.kind)?.scope === 'Cluster';
    if (object.kind === 'Namespace' && object.apiVersion === 'v1')
      return { object, clusterScoped, namespace: object.metadata.name };
    return clusterScoped
      ? { object, clusterScoped }
      : { object, clusterScoped, namespace: object.metadata.namespace ?? defaultNamespace };
  });
}

/**
 * A release may not put an object into a namespace another team's application claims on every cluster,
 * unless that team shared it (the application holds a claim on it too).
 */
function ownerProblem(
  claims: readonly ClaimRef[],
  entry: PlacedObject,
  application: ApplicationEntity,
): string | undefined {
  const namespace = entry.namespace;
  if (namespace === undefined) return undefined;
  const onNamespace = claims.filter((claim) => claim.namespace === namespace);
  if (onNamespace.some((claim) => claim.applicationId === application.id)) return undefined;
  const other = foreignClaim(
    onNamespace.filter((claim) => claim.clusterId === null),
    namespace,
    application.team,
    null,
  );
  return other ? `namespace ${namespace} belongs to ${describeClaimOwner(other)}` : undefined;
}

function tenancyViolation(application: ApplicationEntity, errors: FieldError[]) {
  return domainErrors.unprocessable(
    'tenancy-violation',
    'Outside the application’s tenancy',
    `${application.name} may not put ${errors.length === 1 ? 'this object' : `these ${errors.length} objects`} there: ${errors[0].message}`,
    errors,
  );
}
