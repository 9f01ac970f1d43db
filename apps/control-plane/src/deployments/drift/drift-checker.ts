import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { renderForCluster } from '@fleetplane/fanout';
import { describeRef, refOf } from '@fleetplane/kube';
import { managerFor } from '@fleetplane/objects';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  LeasedLoop,
  Leases,
  ReleaseEntity,
} from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { BindingRender, isBindingSecret } from '../../bindings/binding-render';
import { bindingSecretDrift } from '../../bindings/binding-secret-drift';
import { lostOwnership } from '../../tenancy/lost-ownership';
import { fanoutDeploymentOf, releaseOf } from '../deployment-plan';
import { ClusterClients } from '../engine/cluster-clients';
import { DriftBaselines } from './drift-baselines';

export interface ClusterDrift {
  cluster: string;
  deploymentId: string;
  release: string;
  checkedAt: string;
  inSync: boolean;
  /** Set when the cluster could not be read; the drift is then unknown, not absent. */
  error?: string;
  reconciled: boolean;
  objects: Array<{
    kind: string;
    namespace?: string;
    name: string;
    missing: boolean;
    fields: Array<{ path: string; expected: unknown; actual: unknown }>;
  }>;
}

/**
 * Compares what each cluster was last given (see DriftBaselines) with what it runs now,
 * field by field (only the fields we applied), stores the result per cluster, and re-applies what drifted
 * when the application asks for automatic reconcile. One replica checks at a time: the rounds run in a
 * {@link LeasedLoop}, which gives the lease back on shutdown.
 */
@Injectable()
export class DriftChecker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DriftChecker.name);
  private readonly loop: LeasedLoop;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly clients: ClusterClients,
    leases: Leases,
    private readonly baselines: DriftBaselines,
    private readonly bindings: BindingRender,
  ) {
    this.loop = new LeasedLoop(leases, {
      lease: 'drift-checker',
      intervalMs: config.driftIntervalMs,
      leaseMs: config.driftIntervalMs * 2,
      pauseFirst: true,
      round: (signal) => this.checkAll(signal),
      onRoundFailed: (error) => this.logger.warn({ err: error }, 'drift round failed'),
      onLeaseError: (error) => this.logger.warn({ err: error }, 'drift checker lease heartbeat or release failed'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.driftIntervalMs > 0) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Checks the clusters that run `application`; their reads end early once `signal` fires (a shutdown). */
  async checkApplication(application: ApplicationEntity, signal = this.loop.stopSignal): Promise<ClusterDrift[]> {
    const baselines = await this.baselines.of(application.id);
    return Promise.all(
      baselines.map(({ deployment, release, target }) =>
        this.checkTarget(application, deployment, release, target, signal),
      ),
    );
  }

  /** One round over every application, until `signal` fires (a shutdown, or the lease lost). */
  private async checkAll(signal: AbortSignal): Promise<void> {
    for (const application of await this.dataSource.getRepository(ApplicationEntity).find()) {
      if (signal.aborted) return;
      await this.checkApplication(application, signal);
    }
  }

  private async checkTarget(
    application: ApplicationEntity,
    deployment: DeploymentEntity,
    release: ReleaseEntity,
    target: DeploymentTargetEntity,
    signal: AbortSignal,
  ): Promise<ClusterDrift> {
    const checkedAt = new Date();
    const base = {
      cluster: target.clusterName,
      deploymentId: deployment.id,
      release: release.version,
      checkedAt: checkedAt.toISOString(),
    };
    try {
      const rendered = await this.bindings.inject(
        {
          application,
          cluster: target.candidate,
          rendered: renderForCluster(
            releaseOf(release, application),
            fanoutDeploymentOf(deployment, application),
            target.candidate,
          ),
          ownership: {
            application: application.name,
            releaseVersion: release.version,
            releaseHash: release.contentHash,
            deploymentId: deployment.id,
          },
        },
        'apply',
      );
      const client = await this.clients.clientFor(target.clusterId, signal);
      // Binding Secrets are compared by a hash of their data, so no value reaches the report or its event.
      const drift = [
        ...(await client.driftOf(
          rendered.objects.filter((object) => !isBindingSecret(object)),
          { signal },
        )),
        ...(await bindingSecretDrift(client, rendered.objects.filter(isBindingSecret), signal)),
      ];
      const objects = drift
        .filter((entry) => entry.missing || entry.fields.length > 0)
        .map((entry) => ({
          kind: entry.object.kind,
          namespace: entry.object.namespace,
          name: entry.object.name,
          missing: entry.missing,
          fields: entry.fields,
        }));
      let reconciled = false;
      if (objects.length > 0 && application.autoReconcile) {
        await client.ensureNamespaces(rendered.namespacesToEnsure, { signal });
        const disowned = new Set(
          drift.filter((entry) => lostOwnership(entry.fields)).map((entry) => describeRef(entry.object)),
        );
        await client.apply(
          rendered.objects.filter((object) => !disowned.has(describeRef(refOf(object)))),
          { fieldManager: managerFor(application.name), force: true, signal },
        );
        reconciled = true;
      }
      await this.dataSource.transaction(async (manager) => {
        // TypeORM's typed update cannot take the drifted fields' `unknown` values; the column takes any JSON.
        await manager.query(
          `UPDATE deployment_targets SET drift = $2::jsonb, drift_checked_at = $3, updated_at = now() WHERE id = $1`,
          [target.id, JSON.stringify(objects), checkedAt],
        );
        if (objects.length > 0) {
          const summary = objects
            .map(
              (o) => `${o.kind}/${o.name}${o.missing ? ' (missing)' : `: ${o.fields.map((f) => f.path).join(', ')}`}`,
            )
            .join('; ');
          await manager.insert(DeploymentEventEntity, {
            deploymentId: deployment.id,
            subject: target.clusterName,
            state: 'Drifted',
            message: `${reconciled ? 'reconciled ' : ''}${summary}`,
          });
        }
      });
      return { ...base, inSync: objects.length === 0, reconciled, objects };
    } catch (error) {
      return {
        ...base,
        inSync: false,
        reconciled: false,
        objects: [],
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
