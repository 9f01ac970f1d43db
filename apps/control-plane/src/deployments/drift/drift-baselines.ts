import { Injectable } from '@nestjs/common';
import { DeploymentEntity, DeploymentTargetEntity, ReleaseEntity, rowsById } from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';

/** What one cluster should still run: the release a target of `deployment` left there. */
export interface DriftBaseline {
  target: DeploymentTargetEntity;
  deployment: DeploymentEntity;
  release: ReleaseEntity;
}

/** Newest states that leave a cluster without a baseline: still changing, or left unknown by a failed rollback. */
const WITHOUT_BASELINE = ['Applying', 'WaitingReady', 'RollingBack', 'RollbackFailed'];

/**
 * Per cluster, the newest target of the application that changed it: Ready, Failed after applying
 * (the cluster runs what was applied, ready or not), or RolledBack (it runs that target's previous
 * release again). A cluster whose newest target is still rolling out, or whose rollback failed, has no
 * baseline: comparing it would report, and reconcile, a change in progress.
 */
@Injectable()
export class DriftBaselines {
  constructor(private readonly dataSource: DataSource) {}

  async of(applicationId: string): Promise<DriftBaseline[]> {
    const newest = (await this.dataSource.query(
      `SELECT DISTINCT ON (t.cluster_id) t.id, t.state
       FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
       WHERE d.application_id = $1 AND t.state NOT IN ('Pending', 'Skipped')
         AND NOT (t.state = 'Failed' AND t.applied_objects = '[]'::jsonb)
       ORDER BY t.cluster_id, d.created_at DESC, d.id DESC`,
      [applicationId],
    )) as Array<{ id: string; state: string }>;
    const settled = newest.filter((row) => !WITHOUT_BASELINE.includes(row.state)).map((row) => row.id);
    if (settled.length === 0) return [];
    const targets = await this.dataSource.getRepository(DeploymentTargetEntity).findBy({ id: In(settled) });
    const deployments = await rowsById(
      this.dataSource,
      DeploymentEntity,
      targets.map((t) => t.deploymentId),
    );
    const releaseIdOf = (target: DeploymentTargetEntity) => {
      const deployment = deployments.get(target.deploymentId)!;
      return target.state === 'RolledBack' ? target.previousReleaseId : deployment.releaseId;
    };
    const releases = await rowsById(
      this.dataSource,
      ReleaseEntity,
      targets.flatMap((t) => releaseIdOf(t) ?? []),
    );
    return targets
      .flatMap((target) => {
        const release = releases.get(releaseIdOf(target) ?? '');
        // A rollback of a first release removed the application: nothing should be there.
        return release ? [{ target, deployment: deployments.get(target.deploymentId)!, release }] : [];
      })
      .sort((a, b) => a.target.clusterName.localeCompare(b.target.clusterName));
  }
}
