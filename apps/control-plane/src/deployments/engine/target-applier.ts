import { Injectable, Logger } from '@nestjs/common';
import {
  InventoryRef,
  Release,
  RenderedCluster,
  leftoversOf,
  objectsToPrune,
  renderForCluster,
  renderKey,
} from '@fleetplane/fanout';
import { KubeObject, managerFor, ownershipKeys } from '@fleetplane/objects';
import {
  AppliedObject,
  KubeApiError,
  KubeClusterClient,
  ReadinessReport,
  describeRef,
  isKubeApiError,
  refOf,
} from '@fleetplane/kube';
import { DeploymentTargetEntity, InventoryReads, StoredReadiness } from '@fleetplane/persistence';
import { BindingRender, InjectedCluster } from '../../bindings/binding-render';
import { ApplicationBindings, BindingResolution } from '../../bindings/binding-resolution';
import { OwnershipGate } from '../../tenancy/ownership-gate';
import { failFastMsOf } from '../deployment-plan';
import { ClusterClients } from './cluster-clients';
import { DeploymentStore, LoadedDeployment } from './deployment-store';
import { withKubeRetries } from './kube-retries';
import { LatestCause } from './latest-cause';

const PROGRESS_DEADLINE_SECONDS = 300;
/** Readiness is read soon after the apply, then less and less often, up to this pause between reads. */
const READINESS_POLL_MS = 1_000;
/** How long one load of an application's bindings serves the deployment's targets that start applying. */
const BINDINGS_SHARED_FOR_MS = 1_000;

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
    private readonly ownership: OwnershipGate,
    private readonly inventories: InventoryReads,
    private readonly bindings: BindingRender,
    private readonly resolution: BindingResolution,
  ) {}

  async rollOut(loaded: LoadedDeployment, target: DeploymentTargetEntity, signal: AbortSignal): Promise<void> {
    try {
      const rendered = await this.withBindings(loaded, loaded.release, target);
      const client = await this.clients.clientFor(target.clusterId, signal);
      let inventory: InventoryRef[] | undefined;
      if (target.state === 'Applying') {
        const result = await this.withRetries(
          target,
          () => this.applyOnce(client, loaded, target, rendered.objects, rendered.namespacesToEnsure, signal),
          signal,
        );
        inventory = result.inventory;
        await this.store.moveTarget(target, 'WaitingReady', `applied ${result.applied.length} objects`, {
          appliedObjects: result.applied,
          appliedBindings: rendered.appliedBindings,
        });
      }
      const readFailures = new LatestCause((message) => this.store.saveTarget(target, { lastError: message }));
      const failFastAfterMs = failFastMsOf(loaded.deployment.spec);
      const report = await client
        .waitForReady(target.appliedObjects, {
          deadlineMs: PROGRESS_DEADLINE_SECONDS * 1000,
          pollIntervalMs: READINESS_POLL_MS,
          progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
          ...(failFastAfterMs === undefined ? {} : { failFastAfterMs }),
          onReadFailure: (error) => readFailures.show(`waiting for readiness: ${describe(error)}`),
          signal,
        })
        .finally(() => readFailures.settled());
      const readiness = readinessOf(report);
      if (report.state !== 'Ready') {
        const message = failureMessage(report);
        await this.store.moveTarget(target, 'Failed', message, { lastError: message, readiness });
        return;
      }
      inventory ??= await this.inventories.of(loaded.application.id, target.clusterId);
      await this.prune(client, loaded.application.name, rendered.objects, inventory, signal);
      await this.store.moveTarget(
        target,
        'Ready',
        `${report.objects.length} objects ready`,
        { readiness },
        { applicationId: loaded.application.id, replace: rendered.objects.map(refOf) },
      );
    } catch (error) {
      if (signal.aborted) return;
      const message = describe(error);
      this.logger.warn({ cluster: target.clusterName, err: message }, 'target failed');
      if (target.state === 'Applying' || target.state === 'WaitingReady')
        await this.store.moveTarget(target, 'Failed', message, { lastError: message });
    }
  }

  /** Restores what the cluster ran before (its previous release), or removes this application's objects if it ran nothing. */
  async rollBack(loaded: LoadedDeployment, target: DeploymentTargetEntity, signal: AbortSignal): Promise<void> {
    const applicationId = loaded.application.id;
    try {
      const client = await this.clients.clientFor(target.clusterId, signal);
      const previous = target.previousReleaseId ? loaded.previousReleases.get(target.previousReleaseId) : undefined;
      const rendered = previous ? await this.withBindings(loaded, previous, target) : undefined;
      const objects = rendered?.objects ?? [];
      const gated = { application: loaded.application, deployment: loaded.deployment, clusterId: target.clusterId };
      await this.ownership.assertApplicable(client, { ...gated, objects, createdNamespaces: [], signal });
      const inventory = await this.store.saveTarget(target, {}, { applicationId, add: objects.map(refOf) });
      if (rendered) {
        await this.withRetries(
          target,
          async () => {
            await client.ensureNamespaces(rendered.namespacesToEnsure, { signal });
            return client.apply(rendered.objects, {
              fieldManager: managerFor(loaded.application.name),
              force: true,
              signal,
            });
          },
          signal,
        );
      }
      await this.prune(client, loaded.application.name, objects, inventory ?? [], signal);
      await this.store.moveTarget(
        target,
        'RolledBack',
        previous ? `restored ${previous.version}` : 'removed (no previous release)',
        { appliedBindings: rendered?.appliedBindings ?? [] },
        { applicationId, replace: objects.map(refOf) },
      );
    } catch (error) {
      if (signal.aborted) return;
      const message = describe(error);
      await this.store.moveTarget(target, 'RollbackFailed', message, { lastError: message });
    }
  }

  /**
   * The target's objects with the application's binding Secrets and projections: the values are read now,
   * for this apply only, never cached with the rendered release or stored with the target.
   */
  private async withBindings(
    loaded: LoadedDeployment,
    release: Release,
    target: DeploymentTargetEntity,
  ): Promise<InjectedCluster> {
    return this.bindings.inject(
      {
        application: loaded.application,
        cluster: target.candidate,
        rendered: this.render(loaded, release, target),
        ownership: {
          application: loaded.application.name,
          releaseVersion: release.version,
          releaseHash: release.contentHash,
          deploymentId: loaded.deployment.id,
        },
      },
      'apply',
      await this.applicationBindings(loaded),
    );
  }

  /**
   * One load of the application's bindings for the targets that start applying within
   * BINDINGS_SHARED_FOR_MS of each other (up to maxConcurrency of them), instead of one load per target. A
   * binding changed meanwhile reaches the targets that start after that; credential values are still read
   * per target.
   */
  private applicationBindings(loaded: LoadedDeployment): Promise<ApplicationBindings> {
    const now = Date.now();
    if (!loaded.bindings || now - loaded.bindings.loadedAt > BINDINGS_SHARED_FOR_MS) {
      const loading = this.resolution.forApplication(loaded.application.id);
      loaded.bindings = { loadedAt: now, loading };
      // A failed load is not shared: the next target loads again.
      loading.catch(() => {
        if (loaded.bindings?.loading === loading) loaded.bindings = undefined;
      });
    }
    return loaded.bindings.loading;
  }

  /**
   * Creating the deployment rendered and validated its release for every target from these same stored
   * inputs; the release a rollback restores was not rendered with them, so that one is validated.
   */
  private render(loaded: LoadedDeployment, release: Release, target: DeploymentTargetEntity): RenderedCluster {
    const cluster = target.candidate;
    const key = `${release.contentHash}|${renderKey(loaded.fanout, cluster)}`;
    let rendered = loaded.renders.get(key);
    if (!rendered) {
      rendered = renderForCluster(release, loaded.fanout, cluster, { validate: release !== loaded.release });
      loaded.renders.set(key, rendered);
    }
    return rendered;
  }

  /**
   * One PATCH per object, skipping objects a crashed attempt already applied for this very release. The
   * objects join the application's inventory on the cluster before the first is sent, so whatever an
   * interrupted apply left there is pruned later; before they join, the ownership gate refuses any that
   * belongs to someone else. What passed the gate is ours (or adopted), so it is applied with force
   * under the application's own manager: edits made by hand are overridden, as drift reconcile expects.
   */
  private async applyOnce(
    client: KubeClusterClient,
    loaded: LoadedDeployment,
    target: DeploymentTargetEntity,
    objects: KubeObject[],
    namespaces: string[],
    signal: AbortSignal,
  ): Promise<{ applied: AppliedObject[]; inventory: InventoryRef[] }> {
    const created = await this.clients.guard(target.clusterId, () => client.ensureNamespaces(namespaces, { signal }));
    await this.ownership.assertApplicable(client, {
      application: loaded.application,
      deployment: loaded.deployment,
      clusterId: target.clusterId,
      objects,
      createdNamespaces: created,
      signal,
    });
    const inventory = await this.store.saveTarget(
      target,
      { attempts: target.attempts + 1 },
      { applicationId: loaded.application.id, add: objects.map(refOf) },
    );
    const pending =
      target.attempts > 1
        ? await this.notYetApplied(client, objects, loaded.release.contentHash, target.deploymentId, signal)
        : { todo: objects, done: [] };
    const applied = await this.clients.guard(target.clusterId, () =>
      client.apply(pending.todo, { fieldManager: managerFor(loaded.application.name), force: true, signal }),
    );
    return { applied: [...pending.done, ...applied], inventory: inventory ?? [] };
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

  /**
   * Deletes what the inventory holds and the release no longer renders, once the cluster runs the
   * release. Each leftover is read first: only an object that still carries this application's
   * ownership labels is deleted, never one that someone else has taken over since, and the delete holds
   * only for exactly the object read (its uid and resourceVersion): one that changed in between stays.
   */
  private async prune(
    client: KubeClusterClient,
    application: string,
    rendered: KubeObject[],
    inventory: InventoryRef[],
    signal: AbortSignal,
  ): Promise<void> {
    const leftovers = leftoversOf(inventory, rendered);
    if (leftovers.length === 0) return;
    const live = await Promise.all(leftovers.map((ref) => this.readIfServed(client, ref, signal)));
    const present = live.filter((object): object is KubeObject => object !== undefined);
    for (const object of objectsToPrune(application, present, rendered)) {
      const { uid, resourceVersion } = object.metadata as { uid?: string; resourceVersion?: string };
      const preconditions =
        uid === undefined ? {} : { preconditions: { uid, ...(resourceVersion ? { resourceVersion } : {}) } };
      await client
        .delete(refOf(object), { propagationPolicy: 'Background', ...preconditions, signal })
        .catch((error: unknown) => {
          if (!isKubeApiError(error, 'Conflict')) throw error;
          this.logger.log({ object: describeRef(refOf(object)) }, 'not pruned: it changed since it was read');
        });
    }
  }

  /** A kind the cluster no longer serves holds no objects to prune. */
  private async readIfServed(client: KubeClusterClient, ref: InventoryRef, signal: AbortSignal) {
    try {
      return (await client.get(ref, { signal })) as KubeObject | undefined;
    } catch (error) {
      if (isKubeApiError(error, 'UnknownKind')) return undefined;
      throw error;
    }
  }

  /** Retries what a retryable cluster error failed, keeping each failed attempt in the target's `lastError`. */
  private withRetries<T>(target: DeploymentTargetEntity, run: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return withKubeRetries(
      run,
      async (attempt, error) => {
        await this.store.saveTarget(target, { lastError: `attempt ${attempt}: ${describe(error)}` });
      },
      signal,
    );
  }
}

function readinessOf(report: ReadinessReport): StoredReadiness[] {
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

function describe(error: unknown): string {
  if (error instanceof KubeApiError) return `${error.code}: ${error.message}`;
  if ((error as { name?: string }).name === 'BrokenCircuitError')
    return 'circuit open: the cluster failed repeatedly; calls paused';
  return error instanceof Error ? error.message : String(error);
}
