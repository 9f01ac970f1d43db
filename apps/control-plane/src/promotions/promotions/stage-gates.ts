import { StoredPipelineStage, StoredStageGates } from '@fleetplane/persistence';

/**
 * The gates a unit of applications passes: each application's target stage asks its own, and the unit
 * moves only when all of them hold (the longest soak, the most approvers, every check).
 */
export function unitGates(stages: readonly StoredPipelineStage[]): StoredStageGates {
  const gates = stages.map((stage) => stage.gates);
  const soak = Math.max(0, ...gates.map((gate) => gate.soakSeconds ?? 0));
  const approvals = gates
    .flatMap((gate) => (gate.approvals ? [gate.approvals] : []))
    .reduce<StoredStageGates['approvals']>(
      (strictest, policy) =>
        !strictest
          ? policy
          : {
              required: Math.max(strictest.required, policy.required),
              minimumRole: strictest.minimumRole === 'admin' ? 'admin' : policy.minimumRole,
              ttlSeconds: Math.min(strictest.ttlSeconds, policy.ttlSeconds),
            },
      undefined,
    );
  const byName = new Map(gates.flatMap((gate) => gate.verification ?? []).map((check) => [check.name, check]));
  return {
    ...(soak > 0 ? { soakSeconds: soak } : {}),
    ...(approvals ? { approvals } : {}),
    ...(byName.size > 0 ? { verification: [...byName.values()] } : {}),
    rollbackOnFailure: gates.some((gate) => gate.rollbackOnFailure),
  };
}
