import { Injectable } from '@nestjs/common';
import { Page, Principal, paginate } from '@fleetplane/http';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentTargetEntity,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { teamPolicy } from '@fleetplane/security';
import { DataSource, In } from 'typeorm';
import { DeploymentQuery } from './dto/deployment.dto';
import { deploymentErrors } from './deployments.errors';

export interface DeploymentDetails {
  deployment: DeploymentEntity;
  application: ApplicationEntity;
  release: ReleaseEntity;
  targets: DeploymentTargetEntity[];
}

/** Reads of deployments, as the principal's team may see them. */
@Injectable()
export class DeploymentsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(principal: Principal, query: DeploymentQuery): Promise<Page<DeploymentDetails>> {
    const builder = this.dataSource.getRepository(DeploymentEntity).createQueryBuilder('deployment');
    // The applications filter by a subquery, not a join: TypeORM pages a joined query with a DISTINCT
    // over every row before the LIMIT, which no index can serve.
    const applications = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('app').select('app.id');
    const team = teamPolicy.listedTeam(principal);
    if (team !== undefined) applications.andWhere('app.team = :team', { team });
    if (query.application) applications.andWhere('app.name = :application', { application: query.application });
    if (team !== undefined || query.application)
      builder.andWhere(`deployment.applicationId IN (${applications.getQuery()})`, applications.getParameters());
    if (query.state) builder.andWhere('deployment.state = :state', { state: query.state });
    const page = await paginate(builder, query, {
      time: 'deployment.createdAt',
      id: 'deployment.id',
      timeOf: (d) => d.createdAt,
      idOf: (d) => d.id,
    });
    return { items: await this.detailsOfPage(page.items), nextCursor: page.nextCursor };
  }

  /** A page's applications, releases and targets in three queries, whatever the page's length. */
  private async detailsOfPage(deployments: DeploymentEntity[]): Promise<DeploymentDetails[]> {
    if (deployments.length === 0) return [];
    const [applications, releases, targets] = await Promise.all([
      rowsById(
        this.dataSource,
        ApplicationEntity,
        deployments.map((d) => d.applicationId),
      ),
      rowsById(
        this.dataSource,
        ReleaseEntity,
        deployments.map((d) => d.releaseId),
      ),
      this.dataSource.getRepository(DeploymentTargetEntity).findBy({ deploymentId: In(deployments.map((d) => d.id)) }),
    ]);
    const targetsOf = new Map<string, DeploymentTargetEntity[]>();
    for (const target of targets) {
      const listed = targetsOf.get(target.deploymentId);
      if (listed) listed.push(target);
      else targetsOf.set(target.deploymentId, [target]);
    }
    return deployments.map((deployment) => ({
      deployment,
      application: applications.get(deployment.applicationId)!,
      release: releases.get(deployment.releaseId)!,
      targets: targetsOf.get(deployment.id) ?? [],
    }));
  }

  async details(principal: Principal, id: string): Promise<DeploymentDetails> {
    const { deployment, application } = await this.visible(principal, id);
    const release = await this.dataSource.getRepository(ReleaseEntity).findOneByOrFail({ id: deployment.releaseId });
    const targets = await this.dataSource.getRepository(DeploymentTargetEntity).findBy({ deploymentId: id });
    return { deployment, application, release, targets };
  }

  /**
   * The deployment and its application, when the principal's team may see it (404 otherwise, as for one
   * that does not exist). Reads no targets: a fleet-wide deployment has thousands.
   */
  async visible(
    principal: Principal,
    id: string,
  ): Promise<{ deployment: DeploymentEntity; application: ApplicationEntity }> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneBy({ id });
    if (!deployment) throw deploymentErrors.notFound(id);
    const application = await this.dataSource
      .getRepository(ApplicationEntity)
      .findOneByOrFail({ id: deployment.applicationId });
    if (!teamPolicy.canSee(principal, application.team)) throw deploymentErrors.notFound(id);
    return { deployment, application };
  }
}
