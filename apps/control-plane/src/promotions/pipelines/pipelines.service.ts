import { Injectable } from '@nestjs/common';
import { Page, PageQuery, Principal, paginate } from '@fleetplane/http';
import { ApplicationEntity, EnvironmentEntity, PipelineEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { ApplicationsService } from '../../applications/applications.service';
import { promotionErrors } from '../promotions.errors';
import { SetPipelineDto } from './dto/pipeline.dto';
import { pipelineIssues, storedStages } from './pipeline-stages';

export interface PipelineDetails {
  pipeline: PipelineEntity;
  application: ApplicationEntity;
}

/** One pipeline per application, through its team's environments; set whole, checked whole. */
@Injectable()
export class PipelinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditLog,
  ) {}

  /** Creates or replaces the pipeline; a wrong stage (cycle, repeat, unknown environment) writes nothing. */
  async set(principal: Principal, applicationName: string, input: SetPipelineDto): Promise<PipelineDetails> {
    const application = await this.applications.get(principal, applicationName);
    this.applications.assertCanChange(principal, application.team);
    const stages = storedStages(input.stages);
    return this.dataSource.transaction(async (manager) => {
      const environments = await manager.findBy(EnvironmentEntity, { team: application.team });
      const issues = pipelineIssues(stages, new Set(environments.map((environment) => environment.name)));
      if (issues.length > 0) throw promotionErrors.invalidPipeline(issues);
      const existing = await manager.findOne(PipelineEntity, {
        where: { applicationId: application.id },
        lock: { mode: 'pessimistic_write' },
      });
      const pipeline = await manager.save(
        existing
          ? Object.assign(existing, { stages })
          : manager.create(PipelineEntity, { applicationId: application.id, stages }),
      );
      await this.audit.record(manager, {
        action: existing ? 'pipeline.update' : 'pipeline.create',
        resourceType: 'pipeline',
        resourceId: application.name,
        team: application.team,
        before: existing ? { stages: existing.stages } : null,
        after: { stages },
      });
      return { pipeline, application };
    });
  }

  async get(principal: Principal, applicationName: string): Promise<PipelineDetails> {
    const application = await this.applications.get(principal, applicationName);
    const pipeline = await this.dataSource.getRepository(PipelineEntity).findOneBy({ applicationId: application.id });
    if (!pipeline) throw promotionErrors.pipelineNotFound(applicationName);
    return { pipeline, application };
  }

  async list(principal: Principal, page: PageQuery): Promise<Page<PipelineDetails>> {
    const query = this.dataSource
      .getRepository(PipelineEntity)
      .createQueryBuilder('pipeline')
      .innerJoinAndSelect('pipeline.application', 'app');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) query.where('app.team = :team', { team: own });
    const found = await paginate(query, page, {
      time: 'pipeline.createdAt',
      id: 'pipeline.id',
      timeOf: (pipeline) => pipeline.createdAt,
      idOf: (pipeline) => pipeline.id,
    });
    return {
      items: found.items.map((pipeline) => ({ pipeline, application: pipeline.application! })),
      nextCursor: found.nextCursor,
    };
  }

  async remove(principal: Principal, applicationName: string): Promise<void> {
    const { pipeline, application } = await this.get(principal, applicationName);
    this.applications.assertCanChange(principal, application.team);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(PipelineEntity, { id: pipeline.id });
      await this.audit.record(manager, {
        action: 'pipeline.delete',
        resourceType: 'pipeline',
        resourceId: application.name,
        team: application.team,
        before: { stages: pipeline.stages },
      });
    });
  }
}
