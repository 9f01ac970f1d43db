import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { evaluateSoak, freezeStateAt } from '@fleetplane/promotion';
import {
  ApplicationEntity,
  EnvironmentEntity,
  EnvironmentReleaseEntity,
  LeasedLoop,
  Leases,
  PipelineEntity,
  PromotionEntity,
  PromotionItemEntity,
  StoredPipelineStage,
} from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { EnvironmentRun, currentRun, healthHistory } from '../promotions/environment-runs';
import { PromotionRequests } from '../promotions/promotion-requests';

const INTERVAL_MS = 2_000;

/** One auto-promoting stage of one application, with what its upstreams run. */
interface Candidate {
  application: ApplicationEntity;
  stage: StoredPipelineStage;
  from: EnvironmentEntity;
  to: EnvironmentEntity;
  run: EnvironmentRun;
}

/**
 * Promotes on its own into pipeline stages that ask it (`autoPromote`), one replica at a time: the newest
 * release healthy upstream, once its soak passed, unless the target is frozen, the application is pinned
 * there (a deliberate rollback), it runs that release already, or that release was promoted there before
 * (a failed promotion is not retried forever). When a freeze lifts, only the newest release goes.
 */
@Injectable()
export class AutoPromoter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AutoPromoter.name);
  private readonly loop: LeasedLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly requests: PromotionRequests,
    leases: Leases,
  ) {
    this.loop = new LeasedLoop(leases, {
      lease: 'auto-promoter',
      intervalMs: INTERVAL_MS,
      leaseMs: INTERVAL_MS * 5,
      round: async () => {
        await this.promoteDue();
      },
      onRoundFailed: (error) => this.logger.warn({ err: error }, 'an auto-promotion round failed'),
      onLeaseError: (error) => this.logger.warn({ err: error }, 'auto-promoter lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.rollouts.enabled) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: requests every automatic promotion due now; answers their ids. */
  async promoteDue(): Promise<string[]> {
    const created: string[] = [];
    const pipelines = await this.dataSource
      .getRepository(PipelineEntity)
      .createQueryBuilder('pipeline')
      .innerJoinAndSelect('pipeline.application', 'app')
      .where(`pipeline.stages @> '[{"autoPromote": true}]'::jsonb`)
      .getMany();
    for (const pipeline of pipelines) {
      for (const stage of pipeline.stages.filter((candidate) => candidate.autoPromote)) {
        const candidate = await this.candidate(pipeline.application!, stage);
        if (candidate && (await this.eligible(candidate))) {
          const id = await this.requests.createAutomatic(
            candidate.application,
            candidate.run,
            stage,
            candidate.from,
            candidate.to,
          );
          if (id) created.push(id);
        }
      }
    }
    return created;
  }

  /** The newest release that runs healthy in an upstream, when the stage's upstream policy is satisfied. */
  private async candidate(application: ApplicationEntity, stage: StoredPipelineStage): Promise<Candidate | undefined> {
    const environments = await this.dataSource.getRepository(EnvironmentEntity).findBy({ team: application.team });
    const named = (name: string) => environments.find((environment) => environment.name === name);
    const to = named(stage.environment);
    if (!to) return undefined;
    const upstreams = await Promise.all(
      stage.upstreams.map(async (name) => {
        const from = named(name);
        const run = from && (await currentRun(this.dataSource, application.id, from.bindingsEnvironment));
        return from && run?.healthy ? { from, run } : undefined;
      }),
    );
    const healthy = upstreams.flatMap((upstream) => (upstream ? [upstream] : []));
    if (healthy.length === 0) return undefined;
    if (stage.upstreamPolicy === 'all') {
      const releases = new Set(healthy.map((upstream) => upstream.run.releaseId));
      if (healthy.length < stage.upstreams.length || releases.size !== 1) return undefined;
    }
    const newest = healthy.sort((a, b) =>
      b.run.releaseVersion.localeCompare(a.run.releaseVersion, 'en', { numeric: true }),
    )[0];
    return { application, stage, to, ...newest };
  }

  private async eligible({ application, stage, from, to, run }: Candidate): Promise<boolean> {
    if (freezeStateAt(to.freezeWindows, new Date()).frozen) return false;
    const current = await this.dataSource
      .getRepository(EnvironmentReleaseEntity)
      .findOneBy({ environmentId: to.id, applicationId: application.id });
    if (current?.pinned || current?.releaseId === run.releaseId) return false;
    const tried = await this.dataSource
      .getRepository(PromotionEntity)
      .createQueryBuilder('promotion')
      .innerJoin(PromotionItemEntity, 'item', 'item.promotionId = promotion.id')
      .where('promotion.toEnvironmentId = :to AND item.applicationId = :app AND item.releaseId = :release', {
        to: to.id,
        app: application.id,
        release: run.releaseId,
      })
      .getExists();
    if (tried) return false;
    const soak = stage.gates.soakSeconds;
    if (!soak) return true;
    const history = await healthHistory(this.dataSource, application.id, run.releaseId, from.bindingsEnvironment);
    return evaluateSoak(history, soak, new Date()).status === 'passed';
  }
}
