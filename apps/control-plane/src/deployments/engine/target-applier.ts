import { Injectable, Logger } from '@nestjs/common';
import {
  KubeObject,
  Release,
  renderForCluster,
  ownershipKeys,
  objectsToPrune,
  ClusterCandidate,
} from '@fleetplane/fanout';
import { AppliedObject, KindRef, KubeApiError, KubeClusterClient, ReadinessReport, refOf } from '@fleetplane/kube';
import { DeploymentTargetEntity } from '@fleetplane/persistence';
import { setTimeout as sleep } from 'node:timers/promises';
import { fanoutDeploymentOf, releaseOf } from '../deployment-plan';
import { ClusterClients } from './cluster-clients';
import { DeploymentStore, LoadedDeployment } from './deployment-store';

const MAX_ATTEMPTS = 3;
const PROGRESS_DEADLINE_SECONDS = 300;
const READINESS_POLL_MS = 500;

/**
 * Applies one target and follows it to Ready or Failed; restores one target on rollback. Every step is
 * stored before the next begins, so a replica that takes over after a crash continues from it: a target
 * found Applying is reconciled against the live objects (nothing already applied is applied again), and a
 * target found WaitingReady is only waited for.
 */
@Injectable()
export class TargetApplier {
  private readonly logger = new Logger(TargetApplier.name);

  constructor(
    private readonly clients: ClusterClients,
    private readonly store: DeploymentStore,
  ) {}

  async rollOut(loaded: LoadedDeployment, target: DeploymentTargetEntity, signal: AbortSignal): Promise<void> {
    try {
      const release = releaseOf(loaded.release, loaded.application);
      const rendered = renderForCluster(
        release,
        fanoutDeploymentOf(loaded.deployment, loaded.application),
        target.candidate as unknown as ClusterCandidate,
      );
      const client = await this.clients.clientFor(target.clusterId, signal);
      if (target.state === 'Applying') {
        const applied = await this.withRetries(target, () =>
          this.applyOnce(client, target, rendered.objects, rendered.namespacesToEnsure, rendered.releaseHash, signal),
        );
        await this.store.moveTargets([target], 'WaitingReady', `applied ${applied.length} objects`, {
          appliedObjects: applied as unknown as Array<Record<string, unknown>>,
        });
      }
      const report = await client.waitForReady(target.appliedObjects as unknown as AppliedObject[], {
        deadlineMs: PROGRESS_DEADLINE_SECONDS * 1000,
        pollIntervalMs: READINESS_POLL_MS,
        progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
        signal,
      });
      await this.store.saveTarget(target, { readiness: readinessOf(report) });
      if (report.state !== 'Ready') {
        await this.store.moveTargets([target], 'Failed', failureMessage(report), { lastError: failureMessage(report) });
        return;
      }
      await this.prune(client, loaded.application.name, rendered.objects, signal);
      await this.store.moveTargets([target], 'Ready', `${report.objects.length} objects ready`);
    } catch (error) {
      if (signal.aborted) return;
      const message = describe(error);
      this.logger.warn({ cluster: target.clusterName, err: message }, 'target failed');
      if (target.state === 'Applying' || target.state === 'WaitingReady')
        await this.store.moveTargets([target], 'Failed', message, { lastError: message });
    }
  }

  /** Restores what the cluster ran before (the previous release), or removes this application's objects if it ran nothing. */
  async rollBack(loaded: LoadedDeployment, target: DeploymentTargetEntity, signal: AbortSignal): Promise<void> {
    try {
      const client = await this.clients.clientFor(target.clusterId, signal);
      if (loaded.previousRelease) {
        const previous: Release = releaseOf(loaded.previousRelease, loaded.application);
        const rendered = renderForCluster(
          previous,
          fanoutDeploymentOf(loaded.deployment, loaded.application),
          target.candidate as unknown as ClusterCandidate,
        );
        await this.withRetries(target, async () => {
          await client.ensureNamespaces(rendered.namespacesToEnsure, { signal });
          return client.apply(rendered.objects, { fieldManager: 'fleetplane', force: true, signal });
        });
        await this.prune(client, loaded.application.name, rendered.objects, signal);
      } else {
        await this.prune(client, loaded.application.name, [], signal);
      }
      await this.store.moveTargets(
        [target],
        'RolledBack',
        loaded.previousRelease ? `restored ${loaded.previousRelease.version}` : 'removed (no previous release)',
      );
    } catch (error) {
      if (signal.aborted) return;
      const message = describe(error);
      await this.store.moveTargets([target], 'RollbackFailed', message, { lastError: message });
    }
  }

  /** One PATCH per object, skipping objects a crashed attempt already applied for this very release. */
  private async applyOnce(
    client: KubeClusterClient,
    target: DeploymentTargetEntity,
    objects: KubeObject[],
    namespaces: string[],
    releaseHash: string,
    signal: AbortSignal,
  ): Promise<AppliedObject[]> {
    await this.store.saveTarget(target, { attempts: target.attempts + 1 });
    await this.clients.guard(target.clusterId, () => client.ensureNamespaces(namespaces, { signal }));
    const pending =
      target.attempts > 1
        ? await this.notYetApplied(client, objects, releaseHash, target.deploymentId, signal)
        : { todo: objects, done: [] };
    const applied = await this.clients.guard(target.clusterId, () =>
      client.apply(pending.todo, { fieldManager: 'fleetplane', force: true, signal }),
    );
    return [...pending.done, ...applied];
  }

  private async notYetApplied(
    client: KubeClusterClient,
    objects: KubeObject[],
    releaseHash: string,
    deploymentId: string,
    signal: AbortSignal,
  ) {
    const live = await client.readLive(
      objects.map((object) => refOf(object)),
      { signal },
    );
    const todo: KubeObject[] = [];
    const done: AppliedObject[] = [];
    objects.forEach((object, index) => {
      const current = live[index];
      const metadata = current?.metadata as
        { annotations?: Record<string, string>; labels?: Record<string, string> } | undefined;
      const ours =
        metadata?.annotations?.[ownershipKeys.releaseHash] === releaseHash &&
        metadata?.labels?.[ownershipKeys.deployment] === deploymentId;
      if (!current || !ours) return void todo.push(object);
      done.push({
        ...refOf(object),
        uid: String(current.metadata?.uid ?? ''),
        generation: current.metadata?.generation,
        resourceVersion: String(current.metadata?.resourceVersion ?? ''),
        appliedAt: Date.now(),
        readinessAtApply: {
          state: 'Progressing',
          reason: 'Resumed',
          message: 'applied before a restart; checking readiness',
        },
      });
    });
    return { todo, done };
  }

  private async prune(
    client: KubeClusterClient,
    application: string,
    rendered: KubeObject[],
    signal: AbortSignal,
  ): Promise<void> {
    const kinds = [
      ...new Map(
        [...rendered, ...PRUNABLE_KINDS].map(({ apiVersion, kind }) => [`${apiVersion}/${kind}`, { apiVersion, kind }]),
      ).values(),
    ];
    const live = await client.listOwned(application, kinds, { signal });
    for (const object of objectsToPrune(application, live, rendered))
      await client.delete(refOf(object), { propagationPolicy: 'Background', signal });
  }

  private async withRetries<T>(target: DeploymentTargetEntity, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        await this.store.saveTarget(target, { lastError: `attempt ${attempt}: ${describe(error)}` });
        await sleep(250 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }
}

/** Kinds a release may drop from one version to the next; pruning looks for leftovers of these too. */
const PRUNABLE_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
] satisfies KindRef[];

function readinessOf(report: ReadinessReport): Array<Record<string, unknown>> {
  return report.objects.map(({ object, readiness }) => ({
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    ...readiness,
  }));
}

function failureMessage(report: ReadinessReport): string {
  const failing = report.objects.filter(({ readiness }) => readiness.state !== 'Ready');
  const prefix = report.timedOut ? 'progress deadline passed: ' : '';
  return (
    prefix +
    failing
      .map(({ object, readiness }) => `${object.kind}/${object.name}: ${readiness.reason}: ${readiness.message}`)
      .join('; ')
  );
}

function isRetryable(error: unknown): boolean {
  return error instanceof KubeApiError ? error.retryable : false;
}

function describe(error: unknown): string {
  if (error instanceof KubeApiError) return `${error.code}: ${error.message}`;
  if ((error as { name?: string }).name === 'BrokenCircuitError')
    return 'circuit open: the cluster failed repeatedly; calls paused';
  return error instanceof Error ? error.message : String(error);
}
