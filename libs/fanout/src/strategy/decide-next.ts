import { PlannedWave } from './rollout-strategy';
import { DeploymentSnapshot, RolloutDecision, TargetSnapshot } from './rollout-snapshot';
import { TargetState, terminalDeploymentStates } from './rollout-states';

const inFlightStates: readonly TargetState[] = ['Applying', 'WaitingReady'];
const settledStates: readonly TargetState[] = ['Ready', 'Failed', 'Skipped'];

/**
 * Decides the engine's next step from a persisted snapshot. It holds no memory of its own: whether the
 * rollout halted is read back from the targets (a breached wave, or Skipped targets), so a restarted
 * engine asking again with the same snapshot gets the same answer.
 */
export function decideNext(snapshot: DeploymentSnapshot): RolloutDecision {
  if (terminalDeploymentStates.includes(snapshot.state)) return { type: 'None' };
  const rollout = new RolloutView(snapshot);

  if (snapshot.cancelRequested && snapshot.state !== 'RollingBack') {
    const pending = rollout.ids(rollout.withState('Pending'));
    if (pending.length > 0) return { type: 'SkipTargets', clusterIds: pending, reason: 'rollout cancelled' };
    if (rollout.withState(...inFlightStates).length > 0) return { type: 'Wait', reason: 'TargetsInFlight' };
    return { type: 'Finish', state: 'Cancelled', reason: 'rollout cancelled' };
  }
  if (snapshot.state === 'Pending') return { type: 'Start' };
  if (snapshot.state === 'RollingBack') return decideRollback(rollout);
  if (snapshot.state === 'Paused') return { type: 'Wait', reason: 'PausedByUser' };
  return decideProgress(rollout);
}

function decideProgress(rollout: RolloutView): RolloutDecision {
  const breached = rollout.plan.waves.find((wave) => rollout.failed(wave).length > wave.allowedFailures);
  if (breached !== undefined) {
    const reason = `wave "${breached.name}" has ${rollout.failed(breached).length} failed cluster(s); it tolerates ${breached.allowedFailures}`;
    return halt(rollout, breached, reason);
  }
  if (rollout.withState('Skipped').length > 0) return finishHalted(rollout, 'rollout halted');

  const wave = rollout.plan.waves.find(
    (candidate) => !rollout.inWave(candidate).every((target) => settledStates.includes(target.state)),
  );
  if (wave === undefined) {
    const failed = rollout.withState('Failed').length;
    return failed === 0
      ? { type: 'Finish', state: 'Succeeded', reason: 'every cluster is ready' }
      : {
          type: 'Finish',
          state: 'PartiallyFailed',
          reason: `${failed} cluster(s) failed within the tolerated thresholds`,
        };
  }

  const targets = rollout.inWave(wave);
  const started = targets.some((target) => target.state !== 'Pending');
  if (!started && wave.index > 0) {
    const gated = gateBeforeWave(rollout, wave);
    if (gated !== undefined) return gated;
  }

  const inFlightHere = targets.filter((target) => inFlightStates.includes(target.state)).length;
  const pending = targets.filter((target) => target.state === 'Pending');
  let slots = Math.min(wave.maxConcurrency - inFlightHere, pending.length);
  const maxUnavailable = rollout.plan.maxUnavailableClusters;
  if (maxUnavailable !== undefined) {
    const unavailable = rollout.withState(...inFlightStates).length + rollout.withState('Failed').length;
    slots = Math.min(slots, maxUnavailable - unavailable);
  }
  if (slots > 0)
    return { type: 'ApplyTargets', waveIndex: wave.index, clusterIds: rollout.ids(pending.slice(0, slots)) };
  if (rollout.withState(...inFlightStates).length > 0) return { type: 'Wait', reason: 'TargetsInFlight' };
  // Nothing in flight and no slot: failures alone use up maxUnavailableClusters, so the rollout cannot go on.
  return halt(
    rollout,
    wave,
    `maxUnavailableClusters (${maxUnavailable}) is used up by ${rollout.withState('Failed').length} failed cluster(s)`,
  );
}

function halt(rollout: RolloutView, wave: PlannedWave, reason: string): RolloutDecision {
  const pending = rollout.ids(rollout.withState('Pending'));
  if (pending.length > 0) {
    return {
      type: 'HaltWave',
      waveIndex: wave.index,
      reason,
      failedClusterIds: rollout.ids(rollout.failed(wave)),
      skipClusterIds: pending,
    };
  }
  return finishHalted(rollout, reason);
}

function finishHalted(rollout: RolloutView, reason: string): RolloutDecision {
  if (rollout.plan.rollbackOnHalt) return { type: 'StartRollback', reason };
  if (rollout.withState(...inFlightStates).length > 0) return { type: 'Wait', reason: 'TargetsInFlight' };
  const anyReady = rollout.withState('Ready').length > 0;
  return { type: 'Finish', state: anyReady ? 'PartiallyFailed' : 'Failed', reason };
}

function gateBeforeWave(rollout: RolloutView, wave: PlannedWave): RolloutDecision | undefined {
  const previous = rollout.plan.waves[wave.index - 1];
  const gate = previous.gateAfter;
  if (gate.type === 'pause') {
    const settledAt = Math.max(...rollout.inWave(previous).map((target) => target.since));
    const until = settledAt + gate.seconds * 1000;
    if (rollout.now < until) return { type: 'Wait', reason: 'PauseBetweenWaves', until };
  }
  if (gate.type === 'approval' && !rollout.approvedWaves.includes(wave.index))
    return { type: 'AwaitApproval', waveIndex: wave.index };
  return undefined;
}

function decideRollback(rollout: RolloutView): RolloutDecision {
  const pending = rollout.ids(rollout.withState('Pending'));
  if (pending.length > 0) return { type: 'SkipTargets', clusterIds: pending, reason: 'rollout is rolling back' };
  // Forward applies still running must land first, or the rollback could be overwritten by them.
  if (rollout.withState(...inFlightStates).length > 0) return { type: 'Wait', reason: 'TargetsInFlight' };
  const rollingBack = rollout.withState('RollingBack').length;
  const toRollBack = rollout.withState('Ready', 'Failed');
  const slots = Math.min(rollout.plan.rollbackConcurrency - rollingBack, toRollBack.length);
  if (slots > 0) return { type: 'RollbackTargets', clusterIds: rollout.ids(toRollBack.slice(0, slots)) };
  if (rollingBack > 0) return { type: 'Wait', reason: 'RollbackInFlight' };
  const failedRollbacks = rollout.withState('RollbackFailed');
  return failedRollbacks.length === 0
    ? { type: 'Finish', state: 'RolledBack', reason: 'every touched cluster was rolled back' }
    : { type: 'Finish', state: 'Failed', reason: `rollback failed on ${rollout.ids(failedRollbacks).join(', ')}` };
}

/** Read-only queries over a snapshot, with targets kept in plan order so decisions are deterministic. */
class RolloutView {
  readonly plan: DeploymentSnapshot['plan'];
  readonly now: number;
  readonly approvedWaves: readonly number[];
  private readonly targets: TargetSnapshot[];
  private readonly byCluster: Map<string, TargetSnapshot>;

  constructor(snapshot: DeploymentSnapshot) {
    this.plan = snapshot.plan;
    this.now = snapshot.now;
    this.approvedWaves = snapshot.approvedWaves;
    this.byCluster = new Map(snapshot.targets.map((target) => [target.clusterId, target]));
    this.targets = snapshot.plan.waves.flatMap((wave) => this.inWave(wave));
  }

  inWave(wave: PlannedWave): TargetSnapshot[] {
    return wave.clusterIds.flatMap((id) => {
      const target = this.byCluster.get(id);
      return target === undefined ? [] : [target];
    });
  }

  failed(wave: PlannedWave): TargetSnapshot[] {
    return this.inWave(wave).filter((target) => target.state === 'Failed');
  }

  withState(...states: TargetState[]): TargetSnapshot[] {
    return this.targets.filter((target) => states.includes(target.state));
  }

  ids(targets: readonly TargetSnapshot[]): string[] {
    return targets.map((target) => target.clusterId);
  }
}
