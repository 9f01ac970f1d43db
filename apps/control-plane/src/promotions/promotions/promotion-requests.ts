import { Injectable } from '@nestjs/common';
import { DomainError, Principal } from '@fleetplane/http';
import { activePromotionStates, freezeStateAt, windowLabel } from '@fleetplane/promotion';
import {
  ApplicationEntity,
  EnvironmentEntity,
  PipelineEntity,
  PromotionEntity,
  PromotionItemEntity,
  StoredOverride,
  StoredPipelineStage,
} from '@fleetplane/persistence';
import { AuditLog, teamPolicy } from '@fleetplane/security';
import { DataSource, EntityManager, In } from 'typeorm';
import { applicationErrors } from '../../applications/applications.errors';
import { PromotionJournal } from '../engine/promotion-journal';
import { PromotionKicker } from '../engine/promotion-kicker';
import { PromotionOutbox } from '../notifications/promotion-outbox';
import { promotionErrors } from '../promotions.errors';
import { CreatePromotionDto } from './dto/promotion.dto';
import { EnvironmentRun, applicationsIn, currentRun } from './environment-runs';
import { unitGates } from './stage-gates';

/** One application of a requested promotion, checked: what it runs in `from` and the stage it enters. */
interface CheckedItem {
  application: ApplicationEntity;
  run: EnvironmentRun;
  stage: StoredPipelineStage | undefined;
}

/**
 * Requests promotions: every rule is checked before anything is written (the environments, the pipeline,
 * the release's health in `from`, a freeze on `to`), and an admin's override is stored and audited with
 * its reason.
 */
@Injectable()
export class PromotionRequests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly kicker: PromotionKicker,
    private readonly journal: PromotionJournal,
    private readonly outbox: PromotionOutbox,
  ) {}

  async create(principal: Principal, input: CreatePromotionDto): Promise<string> {
    const team = principal.team;
    teamPolicy.assertCan(principal, team, { role: 'operator', to: 'promote releases' });
    if ([input.application, input.applications, input.all].filter((given) => given !== undefined).length !== 1)
      throw promotionErrors.selection();
    if (input.force) teamPolicy.assertCan(principal, team, { role: 'admin', to: 'force a promotion' });
    const from = await this.environment(team, input.from, 'from');
    const to = await this.environment(team, input.to, 'to');
    if (from.id === to.id) throw promotionErrors.sameEnvironment();
    const items = await this.checkedItems(principal, input, from, to);
    const override: StoredOverride | null = input.force
      ? { reason: input.force.reason, by: principal.actor, at: new Date().toISOString() }
      : null;
    const forced = this.assertHealthy(items, from, override);
    const frozen = this.assertNotFrozen(to, override);
    const id = await this.dataSource.transaction((manager) =>
      this.store(manager, principal.actor, {
        from,
        to,
        items,
        force: forced ? override : null,
        freezeOverride: frozen ? override : null,
      }),
    );
    this.kicker.kick();
    this.outbox.sent();
    return id;
  }

  private async environment(team: string, name: string, field: 'from' | 'to'): Promise<EnvironmentEntity> {
    const environment = await this.dataSource.getRepository(EnvironmentEntity).findOneBy({ team, name });
    if (!environment) throw promotionErrors.unknownEnvironment(field, name);
    return environment;
  }

  private async checkedItems(
    principal: Principal,
    input: CreatePromotionDto,
    from: EnvironmentEntity,
    to: EnvironmentEntity,
  ): Promise<CheckedItem[]> {
    const field = input.all ? 'all' : input.applications ? 'applications' : 'application';
    const names = input.all
      ? await applicationsIn(this.dataSource, principal.team, from.bindingsEnvironment)
      : [...new Set(input.applications ?? [input.application!])];
    if (names.length === 0) throw promotionErrors.nothingRunning('all', 'No application', from.name);
    const applications = await this.dataSource.getRepository(ApplicationEntity).findBy({ name: In(names) });
    const pipelines = await this.dataSource
      .getRepository(PipelineEntity)
      .findBy({ applicationId: In(applications.map((application) => application.id)) });
    return Promise.all(
      names.map(async (name) => {
        const application = applications.find((candidate) => candidate.name === name);
        if (!application || application.team !== principal.team) throw applicationErrors.unknownApplication(name);
        const pipeline = pipelines.find((candidate) => candidate.applicationId === application.id);
        const stage = pipeline?.stages.find((candidate) => candidate.environment === to.name);
        if (pipeline && !stage?.upstreams.includes(from.name))
          throw promotionErrors.notAStage(name, from.name, to.name);
        const run = await currentRun(this.dataSource, application.id, from.bindingsEnvironment);
        if (!run) throw promotionErrors.nothingRunning(field, name, from.name);
        return { application, run, stage };
      }),
    );
  }

  /** True when a release that never became healthy goes anyway, forced by an admin. */
  private assertHealthy(items: CheckedItem[], from: EnvironmentEntity, override: StoredOverride | null): boolean {
    const unhealthy = items.find((item) => !item.run.healthy);
    if (!unhealthy) return false;
    if (override) return true;
    const why =
      unhealthy.run.failure ??
      `its deployment ${unhealthy.run.deploymentId} is ${unhealthy.run.state} (${unhealthy.run.reason})`;
    throw promotionErrors.neverHealthy(unhealthy.application.name, unhealthy.run.releaseVersion, from.name, why);
  }

  /** True when the promotion goes into a frozen environment, overridden by an admin. */
  private assertNotFrozen(to: EnvironmentEntity, override: StoredOverride | null): boolean {
    const freeze = freezeStateAt(to.freezeWindows, new Date());
    if (!freeze.frozen) return false;
    if (override) return true;
    const named = freeze.by.map((active) => windowLabel(active.window));
    const freezes = named.length > 0 ? named.join(', ') : 'outside its allow windows';
    throw promotionErrors.frozen(
      to.name,
      `${freezes}${freeze.liftsAt ? `; lifts at ${freeze.liftsAt.toISOString()}` : ''}`,
    );
  }

  /**
   * An automatic promotion of one application whose gates the auto-promoter found passed: stored as
   * requested by `system`, then driven like any other (approvals still apply). Undefined when a
   * promotion of it into `to` is active already.
   */
  async createAutomatic(
    application: ApplicationEntity,
    run: EnvironmentRun,
    stage: StoredPipelineStage,
    from: EnvironmentEntity,
    to: EnvironmentEntity,
  ): Promise<string | undefined> {
    const request = { from, to, items: [{ application, run, stage }], force: null, freezeOverride: null };
    const id = await this.dataSource
      .transaction((manager) => this.store(manager, 'system', request))
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'conflict') return undefined;
        throw error;
      });
    this.kicker.kick();
    this.outbox.sent();
    return id;
  }

  private async store(
    manager: EntityManager,
    requestedBy: string,
    request: {
      from: EnvironmentEntity;
      to: EnvironmentEntity;
      items: CheckedItem[];
      force: StoredOverride | null;
      freezeOverride: StoredOverride | null;
    },
  ): Promise<string> {
    const { from, to, items } = request;
    // Promotions into one environment are serialized, so two racing requests cannot both find none active.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('promotions:' || $1))`, [to.id]);
    await this.assertNoneActive(manager, to, items);
    const gates = unitGates(items.flatMap((item) => (item.stage ? [item.stage] : [])));
    const promotion = await manager.save(
      manager.create(PromotionEntity, {
        team: to.team,
        fromEnvironmentId: from.id,
        toEnvironmentId: to.id,
        state: 'Pending',
        reason: 'requested',
        requestedBy,
        gates,
        force: request.force,
        freezeOverride: request.freezeOverride,
        gateResults: [],
        verificationRound: 0,
        parked: false,
        leaseHolder: null,
        leaseExpiresAt: null,
        finishedAt: null,
      }),
    );
    const previous = await Promise.all(
      items.map((item) => currentRun(manager, item.application.id, to.bindingsEnvironment)),
    );
    await manager.insert(
      PromotionItemEntity,
      items.map((item, index) => ({
        promotionId: promotion.id,
        applicationId: item.application.id,
        releaseId: item.run.releaseId,
        previousReleaseId: previous[index]?.healthy ? previous[index].releaseId : null,
        deploymentId: null,
      })),
    );
    await this.journal.append(manager, {
      kind: 'requested',
      actor: requestedBy,
      promotionId: promotion.id,
      environmentId: to.id,
      state: 'Pending',
      message: `${from.name} -> ${to.name}: ${items.map((item) => `${item.application.name} ${item.run.releaseVersion}`).join(', ')}`,
    });
    await this.outbox.enqueue(manager, promotion, 'Pending', 'requested');
    await this.audit.record(manager, {
      action: 'promotion.create',
      resourceType: 'promotion',
      resourceId: promotion.id,
      team: to.team,
      after: {
        from: from.name,
        to: to.name,
        items: items.map((item) => ({
          application: item.application.name,
          release: item.run.releaseVersion,
        })),
        gates,
        ...(request.force ? { force: request.force } : {}),
        ...(request.freezeOverride ? { freezeOverride: request.freezeOverride } : {}),
      },
    });
    return promotion.id;
  }

  private async assertNoneActive(manager: EntityManager, to: EnvironmentEntity, items: CheckedItem[]): Promise<void> {
    const busy = (await manager.query(
      `SELECT p.id, i.application_id FROM promotions p JOIN promotion_items i ON i.promotion_id = p.id
       WHERE p.to_environment_id = $1 AND p.state = ANY($2) AND i.application_id = ANY($3::uuid[]) LIMIT 1`,
      [to.id, activePromotionStates, items.map((item) => item.application.id)],
    )) as Array<{ id: string; application_id: string }>;
    if (busy.length === 0) return;
    const application = items.find((item) => item.application.id === busy[0].application_id)!.application;
    throw promotionErrors.alreadyPromoting(application.name, to.name, busy[0].id);
  }
}
