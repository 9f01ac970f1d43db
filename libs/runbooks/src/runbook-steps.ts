import { ClusterSet, CompensationStep, RunbookDefinition, Step, isParallelGroup } from './definition';

/** Where a step sits in its runbook: what the checks, the ordering and the executor's messages need. */
export interface PlacedStep {
  step: Step | CompensationStep;
  /** `spec.steps[2]`, `spec.steps[3].parallel[0]`, `spec.steps[1].compensate[0]`. */
  path: string;
  /** Index of the top-level entry it belongs to; entries run one after another, a group's steps together. */
  stage: number;
  /** The parallel group it runs in, when it does. */
  group?: string;
  /** The step it compensates, when it is a compensation; it runs only after that step failed a run. */
  compensates?: string;
}

/** Where a parallel group sits. */
export interface PlacedGroup {
  name: string;
  path: string;
}

/** Every step of the runbook in document order, compensations right after the step they undo. */
export function listSteps(runbook: RunbookDefinition): PlacedStep[] {
  const placed: PlacedStep[] = [];
  runbook.spec.steps.forEach((entry, stage) => {
    const path = `spec.steps[${stage}]`;
    if (isParallelGroup(entry))
      entry.parallel.forEach((step, index) =>
        placed.push(...withCompensations(step, `${path}.parallel[${index}]`, stage, entry.name)),
      );
    else placed.push(...withCompensations(entry, path, stage));
  });
  return placed;
}

export function listGroups(runbook: RunbookDefinition): PlacedGroup[] {
  return runbook.spec.steps.flatMap((entry, stage) =>
    isParallelGroup(entry) ? [{ name: entry.name, path: `spec.steps[${stage}]` }] : [],
  );
}

function withCompensations(step: Step, path: string, stage: number, group?: string): PlacedStep[] {
  const placed: PlacedStep = { step, path, stage, ...(group === undefined ? {} : { group }) };
  const compensations = (step.compensate ?? []).map((compensation, index) => ({
    step: compensation,
    path: `${path}.compensate[${index}]`,
    stage,
    compensates: step.name,
  }));
  return [placed, ...compensations];
}

/** A cluster set a step names, and where (relative to the step's `with`: `clusters`, `release.from`). */
export interface NamedClusterSet {
  set: ClusterSet;
  field: string;
}

/** Every cluster set a step names: what the checks validate and the executor resolves to clusters. */
export function clusterSetsOf(step: Step | CompensationStep): NamedClusterSet[] {
  switch (step.type) {
    case 'assert-health':
    case 'cordon':
    case 'uncordon':
      return [{ set: step.with.clusters, field: 'clusters' }];
    case 'scale':
      return [
        { set: step.with.clusters, field: 'clusters' },
        ...('percentOf' in step.with ? [{ set: step.with.percentOf.clusters, field: 'percentOf.clusters' }] : []),
      ];
    case 'deploy':
      return [
        { set: step.with.clusters, field: 'clusters' },
        ...('from' in step.with.release ? [{ set: step.with.release.from, field: 'release.from' }] : []),
      ];
    case 'promote-replica':
    case 'switch-binding':
    case 'shift-traffic':
    case 'wait':
    case 'approval':
    case 'webhook':
      return [];
  }
}
