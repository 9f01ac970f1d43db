import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate, domainErrors } from '@fleetplane/http';
import { ApplicationEntity, ClusterEntity, NamespaceClaimEntity, rowsById } from '@fleetplane/persistence';
import {
  AuditLog,
  ClaimRef,
  describeClaimOwner,
  foreignClaim,
  grantDenial,
  revokeDenial,
  teamPolicy,
} from '@fleetplane/security';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { GrantNamespaceClaimDto, NamespaceClaimQuery, NamespaceClaimView } from './dto/namespace-claim.dto';

/**
 * Which application may deploy into which namespace. Every change to the claims on one namespace runs
 * under a transaction-scoped advisory lock on its name, so two teams cannot both take a free namespace.
 */
@Injectable()
export class NamespaceClaimsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Claims a new application's default namespace on every cluster, in the transaction creating it:
   * 409 naming the owner when an application of another team claims it anywhere. An application of
   * the same team shares it.
   */
  async claimDefaultNamespace(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    const namespace = application.defaultNamespace;
    const other = foreignClaim(await this.claimsOn(manager, [namespace], true), namespace, application.team, null);
    if (other) {
      throw domainErrors.conflict(`Namespace ${namespace} belongs to ${describeClaimOwner(other)}.`, [
        { field: 'defaultNamespace', message: `belongs to ${describeClaimOwner(other)}` },
      ]);
    }
    await this.insert(manager, application, namespace, null);
  }

  async grant(principal: Principal, input: GrantNamespaceClaimDto): Promise<NamespaceClaimView> {
    return this.dataSource.transaction(async (manager) => {
      const application = await manager.findOneBy(ApplicationEntity, { name: input.application });
      if (!application) throw unknownField('application', `Application ${input.application} does not exist.`);
      const cluster = input.cluster ? await manager.findOneBy(ClusterEntity, { name: input.cluster }) : null;
      if (input.cluster && !cluster) throw unknownField('cluster', `Cluster ${input.cluster} does not exist.`);
      const claims = await this.claimsOn(manager, [input.namespace], true);
      const denial = grantDenial(principal, application.team, claims, cluster?.id ?? null);
      if (denial) throw domainErrors.forbidden(denial);
      const existing = await manager.findOneBy(NamespaceClaimEntity, {
        namespace: input.namespace,
        applicationId: application.id,
        clusterId: cluster ? cluster.id : IsNull(),
      });
      if (existing) return this.viewOf(existing, application, cluster);
      const claim = await this.insert(manager, application, input.namespace, cluster, principal);
      return this.viewOf(claim, application, cluster);
    });
  }

  async list(principal: Principal, query: NamespaceClaimQuery): Promise<Page<NamespaceClaimView>> {
    const builder = this.dataSource.getRepository(NamespaceClaimEntity).createQueryBuilder('claim');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) builder.andWhere('claim.team = :own', { own });
    if (query.namespace) builder.andWhere('claim.namespace = :namespace', { namespace: query.namespace });
    if (query.application)
      builder
        .innerJoin(ApplicationEntity, 'app', 'app.id = claim.applicationId')
        .andWhere('app.name = :application', { application: query.application });
    const page = await paginate(builder, query, {
      time: 'claim.createdAt',
      id: 'claim.id',
      timeOf: (c) => c.createdAt,
      idOf: (c) => c.id,
    });
    const [applications, clusters] = await Promise.all([
      rowsById(
        this.dataSource,
        ApplicationEntity,
        page.items.map((claim) => claim.applicationId),
      ),
      rowsById(
        this.dataSource,
        ClusterEntity,
        page.items.flatMap((claim) => claim.clusterId ?? []),
      ),
    ]);
    return {
      items: page.items.map((claim) =>
        this.viewOf(claim, applications.get(claim.applicationId)!, clusters.get(claim.clusterId ?? '') ?? null),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** Revokes one claim; an application's last claim on its default namespace stays (409). */
  async revoke(principal: Principal, id: string): Promise<NamespaceClaimView> {
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.findOneBy(NamespaceClaimEntity, { id });
      const visible = claim && (teamPolicy.canSee(principal, claim.team) || principal.team === claim.grantedByTeam);
      if (!claim || !visible) throw domainErrors.notFound('Namespace claim', id);
      const denial = revokeDenial(principal, claim);
      if (denial) throw domainErrors.forbidden(denial);
      await lockNamespace(manager, claim.namespace);
      const application = await manager.findOneByOrFail(ApplicationEntity, { id: claim.applicationId });
      const onDefault = await manager.countBy(NamespaceClaimEntity, {
        applicationId: application.id,
        namespace: application.defaultNamespace,
      });
      if (claim.namespace === application.defaultNamespace && onDefault <= 1) {
        throw domainErrors.conflict(
          `This is the last claim of ${application.name} on its default namespace ${claim.namespace}; it stays while the application exists.`,
        );
      }
      const cluster = claim.clusterId ? await manager.findOneBy(ClusterEntity, { id: claim.clusterId }) : null;
      await manager.delete(NamespaceClaimEntity, { id });
      await this.audit.record(manager, {
        action: 'namespace-claim.revoke',
        resourceType: 'namespace-claim',
        resourceId: id,
        team: claim.team,
        before: this.viewOf(claim, application, cluster),
      });
      return this.viewOf(claim, application, cluster);
    });
  }

  /**
   * Every claim on the given namespaces, with its application's name. `lock` takes each namespace's
   * advisory lock first (in name order, so two transactions never wait on each other crosswise).
   */
  async claimsOn(manager: EntityManager, namespaces: readonly string[], lock = false): Promise<ClaimRef[]> {
    if (lock) for (const namespace of [...new Set(namespaces)].sort()) await lockNamespace(manager, namespace);
    const rows = (await manager.query(
      `SELECT c.namespace, c.cluster_id, c.application_id, a.name AS application, c.team
       FROM namespace_claims c JOIN applications a ON a.id = c.application_id
       WHERE c.namespace = ANY($1)`,
      [[...namespaces]],
    )) as Array<{
      namespace: string;
      cluster_id: string | null;
      application_id: string;
      application: string;
      team: string;
    }>;
    return rows.map((row) => ({
      namespace: row.namespace,
      clusterId: row.cluster_id,
      applicationId: row.application_id,
      application: row.application,
      team: row.team,
    }));
  }

  private async insert(
    manager: EntityManager,
    application: ApplicationEntity,
    namespace: string,
    cluster: ClusterEntity | null,
    principal?: Principal,
  ): Promise<NamespaceClaimEntity> {
    const claim = await manager.save(
      manager.create(NamespaceClaimEntity, {
        namespace,
        clusterId: cluster?.id ?? null,
        applicationId: application.id,
        team: application.team,
        grantedBy: principal ? principal.actor : 'application.create',
        grantedByTeam: principal?.team ?? application.team,
      }),
    );
    await this.audit.record(manager, {
      action: 'namespace-claim.grant',
      resourceType: 'namespace-claim',
      resourceId: claim.id,
      team: application.team,
      after: this.viewOf(claim, application, cluster),
    });
    return claim;
  }

  private viewOf(
    claim: NamespaceClaimEntity,
    application: ApplicationEntity,
    cluster: ClusterEntity | null,
  ): NamespaceClaimView {
    return {
      id: claim.id,
      namespace: claim.namespace,
      cluster: cluster?.name ?? null,
      application: application.name,
      team: claim.team,
      grantedBy: claim.grantedBy,
      grantedByTeam: claim.grantedByTeam,
      createdAt: claim.createdAt.toISOString(),
    };
  }
}

function lockNamespace(manager: EntityManager, namespace: string): Promise<unknown> {
  return manager.query(`SELECT pg_advisory_xact_lock(hashtext('namespace:' || $1))`, [namespace]);
}

function unknownField(field: 'application' | 'cluster', detail: string) {
  return domainErrors.unknownReference(field, detail);
}
