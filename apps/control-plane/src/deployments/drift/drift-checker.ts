import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ClusterCandidate, managerFor, renderForCluster } from '@fleetplane/fanout';
import { describeRef, refOf } from '@fleetplane/kube';
import {
  ApplicationEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentTargetEntity,
  Leases,
  ReleaseEntity,
} from '@fleetplane/persistence';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
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

const LEASE = 'drift-checker';

/**
 * Compares what each cluster was last given (see DriftBaselines) with what it runs now,
 * field by field (only the fields we applied), stores the result per cluster, and re-applies what drifted
 * when the application asks for automatic reconcile. One replica checks at a time.
 */
@Injectable()
export class DriftChecker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DriftChecker.name);
  private readonly holder = `drift-${randomUUID()}`;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly clients: ClusterClients,
    private readonly leases: Leases,
    private readonly baselines: DriftBaselines,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.driftIntervalMs > 0) this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  async checkApplication(application: ApplicationEntity): Promise<ClusterDrift[]> {
    const baselines = await this.baselines.of(application.id);
    return Promise.all(
      baselines.map(({ deployment, release, target }) => this.checkTarget(application, deployment, release, target)),
    );
  }

  private async checkTarget(
    application: ApplicationEntity,
    deployment: DeploymentEntity,
    release: ReleaseEntity,
    target: DeploymentTargetEntity,
  ): Promise<ClusterDrift> {
    const checkedAt = new Date();
    const base = {
      cluster: target.clusterName,
      deploymentId: deployment.id,
      release: release.version,
      checkedAt: checkedAt.toISOString(),
    };
    try {
      const rendered = renderForCluster(
        releaseOf(release, application),
        fanoutDeploymentOf(deployment, application),
        target.candidate as unknown as ClusterCandidate,
      );
      const client = await this.clients.clientFor(target.clusterId, this.stopping.signal);
      const drift = await client.driftOf(rendered.objects, { signal: this.stopping.signal });
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
        await client.ensureNamespaces(rendered.namespacesToEnsure, { signal: this.stopping.signal });
        const disowned = new Set(
          drift.filter((entry) => lostOwnership(entry.fields)).map((entry) => describeRef(entry.object)),
        );
        await client.apply(
          rendered.objects.filter((object) => !disowned.has(describeRef(refOf(object)))),
          {
            fieldManager: managerFor(application.name),
            force: true,
            signal: this.stopping.signal,
          },
        );
        reconciled = true;
      }
      await this.dataSource.transaction(async (manager) => {
        await manager.update(
          DeploymentTargetEntity,
          { id: target.id },
          { drift: objects as never, driftCheckedAt: checkedAt },
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

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await sleep(this.config.driftIntervalMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (this.stopping.signal.aborted) return;
      try {
        if (!(await this.leases.acquire(LEASE, this.holder, this.config.driftIntervalMs * 2))) continue;
        for (const application of await this.dataSource.getRepository(ApplicationEntity).find())
          await this.checkApplication(application);
      } catch (error) {
        this.logger.warn({ err: error }, 'drift round failed');
      }
    }
  }
}
