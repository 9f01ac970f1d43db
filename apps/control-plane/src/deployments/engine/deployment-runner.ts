import { Injectable, Logger } from '@nestjs/common';
import { RolloutDecision, TargetState, decideNext } from '@fleetplane/fanout';
import { DeploymentTargetEntity } from '@fleetplane/persistence';
import { ClusterClients } from './cluster-clients';
import { DeploymentStore, LeaseLost, LoadedDeployment } from './deployment-store';
import { RolloutKicker } from './rollout-kicker';
import { TargetApplier } from './target-applier';

const IN_FLIGHT: readonly TargetState[] = ['Applying', 'WaitingReady'];
const MAX_WAIT_MS = 2_000;

/**
 * Drives one deployment, step by step: asks the state machine what comes next, stores that step, runs
 * it, and asks again. Targets run concurrently (as the plan allows) and report back through the store,
 * so a slow or dead cluster never holds the others. The deployment is read once; only the lease holder
 * moves its targets, so between steps just the operators' changes are read again. Ends when the
 * deployment is final, parked (waiting for a person), or the lease is lost.
 */
@Injectable()
export class DeploymentRunner {
  private readonly logger = new Logger(DeploymentRunner.name);

  constructor(
    private readonly store: DeploymentStore,
    private readonly applier: TargetApplier,
    private readonly kicker: RolloutKicker,
    private readonly clients: ClusterClients,
  ) {}

  async drive(id: string, holder: string, signal: AbortSignal): Promise<void> {
    const tasks = new TargetTasks(this.logger);
    try {
      const loaded = await this.store.load(id);
      for (;;) {
        if (signal.aborted) return;
        await this.resumeOrphans(loaded, tasks, signal);
        const decision = decideNext(this.store.snapshotOf(loaded));
        const next = await this.step(loaded, decision, tasks, holder, signal);
        if (next === 'stop') return;
        if (next === 'wait') await this.waitForChange(decision, tasks, signal);
        if (!signal.aborted) await this.store.refresh(loaded.deployment);
      }
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      this.logger.warn(error.message);
    } finally {
      await tasks.settled();
    }
  }

  private async step(
    loaded: LoadedDeployment,
    decision: RolloutDecision,
    tasks: TargetTasks,
    holder: string,
    signal: AbortSignal,
  ): Promise<'again' | 'wait' | 'stop'> {
    const { deployment, targets } = loaded;
    const byCluster = (ids: readonly string[]) => {
      const wanted = new Set(ids);
      return targets.filter((target) => wanted.has(target.clusterId));
    };
    switch (decision.type) {
      case 'Start':
        await this.store.moveDeployment(deployment, 'Progressing', deployment.reason, holder);
        return 'again';
      case 'ApplyTargets': {
        const starting = byCluster(decision.clusterIds);
        await this.clients.prepare(decision.clusterIds);
        await this.store.moveTargets(starting, 'Applying', `wave ${decision.waveIndex} started`);
        for (const target of starting) tasks.launch(target, () => this.applier.rollOut(loaded, target, signal));
        return 'again';
      }
      case 'Wait':
        if (decision.reason === 'PausedByUser' && tasks.size === 0)
          return (await this.store.park(deployment, 'paused by an operator', holder)) ? 'stop' : 'again';
        return 'wait';
      case 'AwaitApproval':
        if (tasks.size > 0) return 'wait';
        return (await this.store.park(deployment, `waiting for approval of wave ${decision.waveIndex}`, holder))
          ? 'stop'
          : 'again';
      case 'HaltWave':
        await this.store.moveTargets(byCluster(decision.skipClusterIds), 'Skipped', `halted: ${decision.reason}`);
        return 'again';
      case 'SkipTargets':
        await this.store.moveTargets(byCluster(decision.clusterIds), 'Skipped', decision.reason);
        return 'again';
      case 'StartRollback':
        await this.store.moveDeployment(deployment, 'RollingBack', decision.reason, holder);
        return 'again';
      case 'RollbackTargets': {
        const rolling = byCluster(decision.clusterIds);
        await this.clients.prepare(decision.clusterIds);
        await this.store.moveTargets(rolling, 'RollingBack', 'rolling back');
        for (const target of rolling) tasks.launch(target, () => this.applier.rollBack(loaded, target, signal));
        return 'again';
      }
      case 'Finish':
        if (tasks.size > 0) return 'wait';
        await this.store.moveDeployment(deployment, decision.state, decision.reason, holder);
        return 'stop';
      case 'None':
        return 'stop';
    }
  }

  /**
   * Targets in flight that no task drives, picked up where they stopped: left by a crashed replica, or
   * by a task of this one that could not store its outcome.
   */
  private async resumeOrphans(loaded: LoadedDeployment, tasks: TargetTasks, signal: AbortSignal): Promise<void> {
    const orphans = loaded.targets.filter(
      (target) =>
        !tasks.has(target.id) && (IN_FLIGHT.includes(target.state as TargetState) || target.state === 'RollingBack'),
    );
    await this.clients.prepare(orphans.map((target) => target.clusterId));
    for (const target of orphans) {
      if (IN_FLIGHT.includes(target.state as TargetState))
        tasks.launch(target, () => this.applier.rollOut(loaded, target, signal));
      if (target.state === 'RollingBack') tasks.launch(target, () => this.applier.rollBack(loaded, target, signal));
    }
  }

  /** Until a target task ends, an operator acts (the shared kick), or the decision's own time comes. */
  private async waitForChange(decision: RolloutDecision, tasks: TargetTasks, signal: AbortSignal): Promise<void> {
    const until = decision.type === 'Wait' && decision.until ? Math.max(0, decision.until - Date.now()) : MAX_WAIT_MS;
    const ms = Math.min(until, MAX_WAIT_MS);
    const woken = new AbortController();
    const either = AbortSignal.any([signal, woken.signal]);
    await Promise.race([this.kicker.wait(ms, either), tasks.finished.wait(ms, either)]);
    woken.abort();
  }
}

/**
 * The target tasks of one drive. A task's end wakes this drive alone: the shared kick is for what
 * concerns every replica's driver (a new deployment, an operator's action).
 */
class TargetTasks {
  private readonly running = new Map<string, Promise<void>>();
  readonly finished = new RolloutKicker();

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.running.size;
  }

  has(targetId: string): boolean {
    return this.running.has(targetId);
  }

  launch(target: DeploymentTargetEntity, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => this.logger.error({ err: error, cluster: target.clusterName }, 'target task crashed'))
      .finally(() => {
        this.running.delete(target.id);
        this.finished.kick();
      });
    this.running.set(target.id, task);
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.running.values());
  }
}
