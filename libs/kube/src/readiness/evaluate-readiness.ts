import { LiveObject, numberAt } from './live-object';
import { customResourceDefinitionReadiness, jobReadiness, namespaceReadiness } from './other-readiness';
import { Readiness, ReadinessInput, failed, progressing, ready } from './readiness';
import { daemonSetReadiness, deploymentReadiness, statefulSetReadiness } from './workload-readiness';

const rolloutEvaluators: Readonly<Record<string, (live: LiveObject) => Readiness>> = {
  Deployment: deploymentReadiness,
  StatefulSet: statefulSetReadiness,
  DaemonSet: daemonSetReadiness,
};

// These kinds carry no status.observedGeneration; their conditions are about the object as a whole.
const conditionEvaluators: Readonly<Record<string, (live: LiveObject) => Readiness>> = {
  Job: jobReadiness,
  CustomResourceDefinition: customResourceDefinitionReadiness,
  Namespace: namespaceReadiness,
};

/**
 * Decides whether an applied object is at its target revision. Status counts only once the controller
 * has observed the generation our apply produced: a status read before (or without) that is stale and
 * never makes a target Ready, which is what lets waves advance only on fresh health.
 */
export function evaluateReadiness(live: LiveObject | undefined, input: ReadinessInput): Readiness {
  return withDeadline(evaluate(live, input.appliedGeneration), input);
}

function evaluate(live: LiveObject | undefined, appliedGeneration: number): Readiness {
  if (live === undefined) return progressing('NotFound', 'object not found on the cluster');
  const kind = live.kind ?? '';
  const generation = live.metadata?.generation;
  if (typeof generation === 'number' && generation < appliedGeneration) {
    return progressing(
      'StaleRead',
      `read generation ${generation}, older than the applied generation ${appliedGeneration}`,
    );
  }
  const rollout = rolloutEvaluators[kind];
  if (rollout !== undefined) {
    const observed = numberAt(live.status, 'observedGeneration');
    if (observed === undefined || observed < appliedGeneration) {
      return progressing(
        'StaleStatus',
        `waiting for the ${kind} controller to observe generation ${appliedGeneration} (status is for ${observed ?? 'no generation'})`,
      );
    }
    return rollout(live);
  }
  const byCondition = conditionEvaluators[kind];
  return byCondition === undefined ? ready('Applied', `${kind || 'object'} is applied`) : byCondition(live);
}

function withDeadline(readiness: Readiness, input: ReadinessInput): Readiness {
  const { appliedAt, now, progressDeadlineSeconds } = input;
  if (
    readiness.state !== 'Progressing' ||
    appliedAt === undefined ||
    now === undefined ||
    progressDeadlineSeconds === undefined
  ) {
    return readiness;
  }
  if (now - appliedAt <= progressDeadlineSeconds * 1000) return readiness;
  return failed('ProgressDeadline', `not ready ${progressDeadlineSeconds}s after apply: ${readiness.message}`);
}
