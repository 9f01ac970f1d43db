import type {
  CompensationOfType,
  ParallelGroup,
  RunbookDefinition,
  RunbookEntry,
  RunbookInput,
  Step,
  StepOfType,
  StepType,
  StepWithByType,
} from '../definition';

/** A valid `with` for each step type, for tests that care about something else. */
export const SAMPLE_WITH: { [T in StepType]: StepWithByType[T] } = {
  'assert-health': { clusters: { names: ['eks-use1'] }, expect: 'unhealthy' },
  cordon: { clusters: { names: ['eks-use1'] } },
  uncordon: { clusters: { names: ['eks-use1'] } },
  scale: { application: 'orders', clusters: { selector: 'tier=standby' }, replicas: 3 },
  deploy: { application: 'orders', clusters: { selector: 'tier=standby' }, release: { from: { names: ['eks-use1'] } } },
  'promote-replica': { instance: 'orders-db-replica' },
  'switch-binding': { application: 'orders', binding: 'database', instance: 'orders-db-replica' },
  'shift-traffic': {
    provider: 'route53',
    zone: 'example.com',
    record: 'orders',
    weights: { primary: 0, standby: 100 },
  },
  wait: { seconds: 30 },
  approval: { role: 'operator', timeoutSeconds: 900 },
  webhook: { url: 'https://hooks.example.com/page', secret: 'pager-signing-key' },
};

/** A step of `type` named after it, ungraceful `proceed`, with a valid `with`; override any field. */
export function aStep<T extends StepType>(
  type: T,
  overrides: Partial<Omit<StepOfType<T>, 'type'>> = {},
): StepOfType<T> {
  return { name: type, type, with: SAMPLE_WITH[type], ungraceful: 'proceed', ...overrides };
}

/** A compensation of `type` named `undo-<type>`, ungraceful `proceed`, with a valid `with`. */
export function aCompensation<T extends StepType>(
  type: T,
  overrides: Partial<Omit<CompensationOfType<T>, 'type'>> = {},
): CompensationOfType<T> {
  return { name: `undo-${type}`, type, with: SAMPLE_WITH[type], ungraceful: 'proceed', ...overrides };
}

/** One step of each type, in `STEP_TYPES` order. */
export function oneStepOfEachType(): Step[] {
  return [
    aStep('assert-health'),
    aStep('cordon'),
    aStep('uncordon'),
    aStep('scale'),
    aStep('deploy'),
    aStep('promote-replica'),
    aStep('switch-binding'),
    aStep('shift-traffic'),
    aStep('wait'),
    aStep('approval'),
    aStep('webhook'),
  ];
}

export function aGroup(name: string, ...parallel: Step[]): ParallelGroup {
  return { name, parallel };
}

/** A runbook holding `steps`, named `failover`; `inputs` and `objectiveSeconds` when given. */
export function aRunbook(
  steps: RunbookEntry[],
  options: { inputs?: Record<string, RunbookInput>; objectiveSeconds?: number } = {},
): RunbookDefinition {
  return {
    apiVersion: 'fleetplane.io/v1',
    kind: 'Runbook',
    metadata: { name: 'failover' },
    spec: {
      ...(options.inputs === undefined ? {} : { inputs: options.inputs }),
      ...(options.objectiveSeconds === undefined ? {} : { rto: { objectiveSeconds: options.objectiveSeconds } }),
      steps,
    },
  };
}
