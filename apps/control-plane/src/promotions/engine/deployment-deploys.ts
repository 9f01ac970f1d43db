import { Injectable } from '@nestjs/common';
import { DomainError } from '@fleetplane/http';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentTargetEntity,
  EnvironmentEntity,
  PromotionEntity,
  PromotionItemEntity,
  ReleaseEntity,
  rowsById,
} from '@fleetplane/persistence';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DeploymentCommands } from '../../deployments/deployment-commands';
import { CreateDeploymentDto } from '../../deployments/dto/deployment.dto';
import { LoadedPromotion } from './promotion-store';
import { promotionPrincipal } from './promotion-principal';

/** Where a promotion's deployments stand. */
export interface DeployProgress {
  done: boolean;
  /** The first failed deployment, in its own words (state, reason, the failing cluster's error). */
  failed?: string;
}

/**
 * A promotion's deployments into its target environment, made through the deployment commands like any
 * other: the environment's placement among its clusters, its default strategy, bindings resolved per cluster.
 */
@Injectable()
export class DeploymentDeploys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: DeploymentCommands,
  ) {}

  /**
   * Creates the deployment of every item that has none yet. Each item records its deployment in the
   * transaction that stores it, so a promotion resumed after a crash never deploys an item twice. Rejects
   * with the deployment's own DomainError when it is refused (placement, bindings, an active rollout).
   */
  async start(loaded: LoadedPromotion): Promise<void> {
    const pending = loaded.items.filter((item) => item.deploymentId === null);
    if (pending.length === 0) return;
    const names = await this.names(pending);
    const principal = promotionPrincipal(loaded.promotion);
    for (const item of pending) {
      const input = deploymentInput(loaded.to, names.application(item), names.release(item.releaseId));
      await this.commands.createRecorded(
        principal,
        input,
        { kind: 'rollout', cause: `promotion ${loaded.promotion.id}` },
        async (manager, deploymentId) => {
          const claimed = await manager.update(
            PromotionItemEntity,
            { id: item.id, deploymentId: IsNull() },
            { deploymentId },
          );
          if (!claimed.affected) throw new Error(`promotion item ${item.id} got its deployment elsewhere meanwhile`);
        },
      );
    }
  }

  async progress(loaded: LoadedPromotion): Promise<DeployProgress> {
    const items = await this.dataSource.getRepository(PromotionItemEntity).findBy({ promotionId: loaded.promotion.id });
    const ids = items.flatMap((item) => item.deploymentId ?? []);
    if (ids.length < items.length) return { done: false };
    const deployments = await rowsById(this.dataSource, DeploymentEntity, ids);
    const names = await this.names(items);
    for (const item of items) {
      const deployment = deployments.get(item.deploymentId!)!;
      if (deployment.state === 'Succeeded' || !deployment.finishedAt) continue;
      return { done: true, failed: await this.failure(names.application(item), deployment) };
    }
    return { done: [...deployments.values()].every((deployment) => deployment.state === 'Succeeded') };
  }

  /** Deploys each item's previous release again where it had one; answers what it started, in words. */
  async rollBack(loaded: LoadedPromotion): Promise<string[]> {
    const items = loaded.items.filter((item) => item.previousReleaseId !== null);
    const names = await this.names(items);
    const principal = promotionPrincipal(loaded.promotion);
    const started: string[] = [];
    for (const item of items) {
      const application = names.application(item);
      const version = names.release(item.previousReleaseId!);
      try {
        const details = await this.commands.create(principal, deploymentInput(loaded.to, application, version), {
          kind: 'rollback',
          cause: `promotion ${loaded.promotion.id} failed verification`,
        });
        started.push(`${application} to ${version} (deployment ${details.deployment.id})`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        started.push(`${application} to ${version} refused: ${error.message}`);
      }
    }
    return started;
  }

  /** Makes the items' releases the environment's current ones, in the caller's transaction. */
  async recordReleases(
    manager: EntityManager,
    promotion: PromotionEntity,
    to: EnvironmentEntity,
    items: PromotionItemEntity[],
  ): Promise<void> {
    for (const item of items) {
      await manager.query(
        `INSERT INTO environment_releases (environment_id, application_id, release_id, promotion_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (environment_id, application_id)
         DO UPDATE SET release_id = EXCLUDED.release_id, promotion_id = EXCLUDED.promotion_id, updated_at = now()`,
        [to.id, item.applicationId, item.releaseId, promotion.id],
      );
    }
  }

  private async failure(application: string, deployment: DeploymentEntity): Promise<string> {
    const failed = await this.dataSource.getRepository(DeploymentTargetEntity).findOne({
      where: { deploymentId: deployment.id, state: In(['Failed', 'RollbackFailed']) },
      order: { clusterName: 'ASC' },
    });
    const cluster = failed?.lastError ? `; ${failed.clusterName}: ${failed.lastError}` : '';
    return `${application}: deployment ${deployment.id} ${deployment.state}: ${deployment.reason}${cluster}`;
  }

  private async names(items: PromotionItemEntity[]) {
    const [applications, releases] = await Promise.all([
      rowsById(
        this.dataSource,
        ApplicationEntity,
        items.map((item) => item.applicationId),
      ),
      rowsById(
        this.dataSource,
        ReleaseEntity,
        items.flatMap((item) => [item.releaseId, ...(item.previousReleaseId ? [item.previousReleaseId] : [])]),
      ),
    ]);
    return {
      application: (item: PromotionItemEntity) => applications.get(item.applicationId)!.name,
      release: (id: string) => releases.get(id)!.version,
    };
  }
}

/** A deployment into the environment: its placement among the clusters of its bindings environment, its strategy. */
function deploymentInput(to: EnvironmentEntity, application: string, release: string): CreateDeploymentDto {
  return {
    application,
    release,
    placement: { ...to.placement, environments: [to.bindingsEnvironment] },
    strategy: to.strategy,
  };
}
