import { DeploymentSnapshot, TargetSnapshot } from '../strategy/rollout-snapshot';
import { DeploymentState, TargetState } from '../strategy/rollout-states';
import { RolloutPlan } from '../strategy/rollout-strategy';

/** Builds a rollout snapshot: every planned cluster starts Pending, and tests move the ones they care about. */
export class SnapshotBuilder {
  private snapshot: DeploymentSnapshot;

  constructor(plan: RolloutPlan) {
    const targets = plan.waves.flatMap((wave) =>
      wave.clusterIds.map((clusterId): TargetSnapshot => ({ clusterId, state: 'Pending', since: 0 })),
    );
    this.snapshot = { state: 'Progressing', plan, targets, approvedWaves: [], cancelRequested: false, now: 1_000_000 };
  }

  inState(state: DeploymentState): this {
    this.snapshot = { ...this.snapshot, state };
    return this;
  }

  target(clusterId: string, state: TargetState, since = 0): this {
    this.snapshot = {
      ...this.snapshot,
      targets: this.snapshot.targets.map((target) =>
        target.clusterId === clusterId ? { clusterId, state, since } : target,
      ),
    };
    return this;
  }

  targets(clusterIds: readonly string[], state: TargetState, since = 0): this {
    for (const clusterId of clusterIds) this.target(clusterId, state, since);
    return this;
  }

  approved(...waveIndexes: number[]): this {
    this.snapshot = { ...this.snapshot, approvedWaves: waveIndexes };
    return this;
  }

  cancelled(): this {
    this.snapshot = { ...this.snapshot, cancelRequested: true };
    return this;
  }

  at(now: number): this {
    this.snapshot = { ...this.snapshot, now };
    return this;
  }

  build(): DeploymentSnapshot {
    return this.snapshot;
  }
}

export function aSnapshot(plan: RolloutPlan): SnapshotBuilder {
  return new SnapshotBuilder(plan);
}
