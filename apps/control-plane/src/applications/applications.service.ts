import { Injectable } from '@nestjs/common';
import { Page, PageQuery, Principal, assertIfMatch, paginate } from '@fleetplane/http';
import { FanoutError, Release, checkReleaseVersion } from '@fleetplane/fanout';
import { ApplicationEntity, ReleaseEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource, QueryFailedError } from 'typeorm';
import { NamespaceClaimsService } from '../tenancy/namespace-claims.service';
import { TenancyChecks } from '../tenancy/tenancy-checks';
import { teamErrors } from '../teams/teams.errors';
import { applicationErrors } from './applications.errors';
import { fanoutProblem } from './fanout-problems';
import { ReleaseBuilder } from './release-builder';
import { CreateApplicationDto, CreateReleaseDto, UpdateApplicationDto } from './dto/application.dto';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly claims: NamespaceClaimsService,
    private readonly tenancy: TenancyChecks,
    private readonly releases: ReleaseBuilder,
  ) {}

  async create(principal: Principal, input: CreateApplicationDto): Promise<ApplicationEntity> {
    const team = input.team ?? principal.team;
    this.assertCanChange(principal, team);
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(TeamEntity, { name: team }))) throw teamErrors.unknown(team);
      const application = manager.create(ApplicationEntity, {
        name: input.name,
        team,
        defaultNamespace: input.defaultNamespace,
        autoReconcile: input.autoReconcile ?? false,
      });
      await manager.save(application).catch((error: unknown) => {
        if (
          error instanceof QueryFailedError &&
          (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION
        ) {
          throw applicationErrors.nameTaken(input.name);
        }
        throw error;
      });
      await this.claims.claimDefaultNamespace(manager, application);
      await this.audit.record(manager, {
        action: 'application.create',
        resourceType: 'application',
        resourceId: application.name,
        team,
        after: application,
      });
      return application;
    });
  }

  async list(principal: Principal, page: PageQuery): Promise<Page<ApplicationEntity>> {
    const query = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('app');
    const own = teamPolicy.listedTeam(principal);
    if (own !== undefined) query.where('app.team = :team', { team: own });
    return paginate(query, page, {
      time: 'app.createdAt',
      id: 'app.id',
      timeOf: (a) => a.createdAt,
      idOf: (a) => a.id,
    });
  }

  /** Changes what may change after creation (the namespace may not: objects already live there). */
  async update(
    principal: Principal,
    name: string,
    input: UpdateApplicationDto,
    ifMatch: string | undefined,
  ): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (manager) => {
      const application = await manager.findOne(ApplicationEntity, {
        where: { name },
        lock: { mode: 'pessimistic_write' },
      });
      if (!application || !teamPolicy.canSee(principal, application.team)) throw applicationErrors.notFound(name);
      this.assertCanChange(principal, application.team);
      assertIfMatch(ifMatch, application.version);
      if (input.autoReconcile === undefined || input.autoReconcile === application.autoReconcile) return application;
      const before = { ...application };
      application.autoReconcile = input.autoReconcile;
      const saved = await manager.save(application);
      await this.audit.record(manager, {
        action: 'application.update',
        resourceType: 'application',
        resourceId: name,
        team: application.team,
        before,
        after: saved,
      });
      return saved;
    });
  }

  async get(principal: Principal, name: string): Promise<ApplicationEntity> {
    const application = await this.findVisible(principal, name);
    if (!application) throw applicationErrors.notFound(name);
    return application;
  }

  /**
   * Validates the manifests against the Kubernetes object schemas and stores the release. The same version
   * with the same content is a no-op (200, the stored release); with other content, 409: releases are immutable.
   */
  async createRelease(
    principal: Principal,
    applicationName: string,
    input: CreateReleaseDto,
  ): Promise<{ release: ReleaseEntity; created: boolean }> {
    const application = await this.get(principal, applicationName);
    this.assertCanChange(principal, application.team);
    const release = await this.build(application, input);
    await this.tenancy.assertPublishable(application, release.objects);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(ReleaseEntity, {
        applicationId: application.id,
        version: input.version,
      });
      try {
        if (existing && checkReleaseVersion(existing, release) === 'identical')
          return { release: existing, created: false };
      } catch (error) {
        if (error instanceof FanoutError) throw fanoutProblem(error, 'version', 'conflict');
        throw error;
      }
      const row = manager.create(ReleaseEntity, {
        applicationId: application.id,
        version: release.version,
        contentHash: release.contentHash,
        objects: release.objects,
        imageMap: release.imageMap,
        createdBy: principal.actor,
      });
      await manager.save(row);
      await this.audit.record(manager, {
        action: 'release.create',
        resourceType: 'release',
        resourceId: `${application.name}@${row.version}`,
        team: application.team,
        after: { version: row.version, contentHash: row.contentHash, objects: row.objects.length },
      });
      return { release: row, created: true };
    });
  }

  async listReleases(
    principal: Principal,
    applicationName: string,
    page: PageQuery,
  ): Promise<{ application: ApplicationEntity; page: Page<ReleaseEntity> }> {
    const application = await this.get(principal, applicationName);
    const query = this.dataSource
      .getRepository(ReleaseEntity)
      .createQueryBuilder('release')
      .where('release.applicationId = :id', { id: application.id });
    return {
      application,
      page: await paginate(query, page, {
        time: 'release.createdAt',
        id: 'release.id',
        timeOf: (r) => r.createdAt,
        idOf: (r) => r.id,
      }),
    };
  }

  /** The release a path names: 404 when it or its application does not exist. */
  async getRelease(
    principal: Principal,
    applicationName: string,
    version: string,
  ): Promise<{ application: ApplicationEntity; release: ReleaseEntity }> {
    const application = await this.get(principal, applicationName);
    const release = await this.findRelease(application, version);
    if (!release) throw applicationErrors.releaseNotFound(applicationName, version);
    return { application, release };
  }

  /**
   * The release a request body names (fields `application` and `release`): one that does not exist is a
   * wrong field of that request, 422 naming it, not a missing resource at its path.
   */
  async releaseNamedIn(
    principal: Principal,
    input: { application: string; release: string },
  ): Promise<{ application: ApplicationEntity; release: ReleaseEntity }> {
    const application = await this.findVisible(principal, input.application);
    if (!application) throw applicationErrors.unknownApplication(input.application);
    const release = await this.findRelease(application, input.release);
    if (!release) throw applicationErrors.unknownRelease(input.application, input.release);
    return { application, release };
  }

  /** Refuses a caller who may not change the team's applications, their releases and their deployments. */
  assertCanChange(principal: Principal, team: string): void {
    teamPolicy.assertCan(principal, team, { role: 'operator', to: 'change applications' });
  }

  /** Another team's application reads as absent: its name is not theirs to learn. */
  private async findVisible(principal: Principal, name: string): Promise<ApplicationEntity | undefined> {
    const application = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ name });
    return application && teamPolicy.canSee(principal, application.team) ? application : undefined;
  }

  private findRelease(application: ApplicationEntity, version: string): Promise<ReleaseEntity | null> {
    return this.dataSource.getRepository(ReleaseEntity).findOneBy({ applicationId: application.id, version });
  }

  private async build(application: ApplicationEntity, input: CreateReleaseDto): Promise<Release> {
    try {
      return await this.releases.build(
        {
          application: application.name,
          version: input.version,
          manifests: input.manifests,
          imageMap: input.imageMap ?? {},
        },
        { defaultNamespace: application.defaultNamespace },
      );
    } catch (error) {
      if (error instanceof FanoutError) throw fanoutProblem(error, 'manifests');
      throw error;
    }
  }
}
