/**
 * The runbook definition: a versioned document of inputs and ordered steps, as a team writes it in YAML or
 * JSON. These types describe a document that passed `parseRunbook` (schema) and `checkRunbook` (semantics);
 * nothing here validates.
 */

export const RUNBOOK_API_VERSION = 'fleetplane.io/v1';
export const RUNBOOK_KIND = 'Runbook';

/**
 * A whole-value reference, `${{ inputs.standby }}` or `${{ steps.promote.outputs.endpoint }}`, resolved by
 * the executor when the step starts. Where a field takes a number or a cluster set it may take one of these.
 */
export type ReferenceText = `\${{${string}}}`;

export const INPUT_TYPES = ['string', 'number', 'boolean', 'cluster', 'clusters', 'application'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** A value an input holds: `clusters` holds cluster names, `cluster` and `application` a name. */
export type InputValue = string | number | boolean | string[];

export interface RunbookInput {
  type: InputType;
  description?: string;
  default?: InputValue;
  /** Required inputs without a default must be given when a run starts. */
  required?: boolean;
}

/** Clusters by name, by label selector (`tier=standby,cloud in (gcp)`), or from an input or output. */
export type ClusterSet = { names: string[] } | { selector: string } | ReferenceText;

export interface AssertHealthWith {
  clusters: ClusterSet;
  /** Without an application, the clusters' own health is judged; with one, its targets' readiness there. */
  application?: string;
  expect: 'healthy' | 'unhealthy';
}

export interface ClustersWith {
  clusters: ClusterSet;
}

export type ScaleWith =
  | { application: string; clusters: ClusterSet; replicas: number | ReferenceText }
  /** A percentage of what the application ran on `percentOf.clusters` (the failed side), rounded up. */
  | { application: string; clusters: ClusterSet; percentOf: { clusters: ClusterSet; percent: number | ReferenceText } };

export interface DeployWith {
  application: string;
  clusters: ClusterSet;
  /** `from`: the release the application ran on those clusters; `version`: a release version. */
  release: { from: ClusterSet } | { version: string };
}

export interface PromoteReplicaWith {
  /** The service instance (a read replica) to promote to a standalone primary. */
  instance: string;
}

/** The binding scope to switch; without one, the binding's default scope. */
export type BindingScopeRef = { cluster: string } | { region: string } | { cloud: string } | { environment: string };

export interface SwitchBindingWith {
  application: string;
  binding: string;
  instance: string;
  scope?: BindingScopeRef;
}

export const TRAFFIC_PROVIDERS = ['route53', 'azure-traffic-manager', 'google-cloud-dns'] as const;
export type TrafficProvider = (typeof TRAFFIC_PROVIDERS)[number];

export type ShiftTrafficWith =
  | { provider: TrafficProvider; zone: string; record: string; weights: Record<string, number> }
  | { provider: TrafficProvider; zone: string; record: string; failover: { primary: string; secondary: string } };

export type WaitWith = { seconds: number | ReferenceText } | { until: ReferenceText; timeoutSeconds: number };

export const APPROVAL_ROLES = ['operator', 'admin'] as const;
export type ApprovalRole = (typeof APPROVAL_ROLES)[number];

export interface ApprovalWith {
  role: ApprovalRole;
  timeoutSeconds: number;
}

export interface WebhookWith {
  url: string;
  /** The name of a stored secret whose value signs the body (HMAC); never the secret itself. */
  secret: string;
  body?: Record<string, unknown>;
}

/** Each step type's parameters, the tagged union's table. */
export interface StepWithByType {
  'assert-health': AssertHealthWith;
  cordon: ClustersWith;
  uncordon: ClustersWith;
  scale: ScaleWith;
  deploy: DeployWith;
  'promote-replica': PromoteReplicaWith;
  'switch-binding': SwitchBindingWith;
  'shift-traffic': ShiftTrafficWith;
  wait: WaitWith;
  approval: ApprovalWith;
  webhook: WebhookWith;
}
export type StepType = keyof StepWithByType;

/** What an output holds: cluster names (usable as a cluster set), text, or a number. */
export type OutputKind = 'clusters' | 'string' | 'number';

/**
 * What each step type records when it completes, for later steps to reference. The executor must set every
 * one of them on a completed step; `checkRunbook` refuses references to any other.
 */
export const STEP_OUTPUTS = {
  'assert-health': { unhealthy: 'clusters' },
  cordon: { clusters: 'clusters' },
  uncordon: { clusters: 'clusters' },
  scale: { replicas: 'number' },
  deploy: { deployment: 'string' },
  'promote-replica': { instance: 'string', endpoint: 'string' },
  'switch-binding': { binding: 'string' },
  'shift-traffic': { change: 'string' },
  wait: { waitedSeconds: 'number' },
  approval: { approver: 'string', comment: 'string' },
  webhook: { status: 'number' },
} as const satisfies Record<StepType, Readonly<Record<string, OutputKind>>>;

export const STEP_TYPES = Object.keys(STEP_OUTPUTS) as StepType[];

export const ON_FAILURE = ['abort', 'continue', 'compensate'] as const;
/** abort: the run stops at the failed step (it can be retried); continue: the run goes on and ends with exceptions; compensate: completed steps' compensations run in reverse. */
export type OnFailure = (typeof ON_FAILURE)[number];

export const UNGRACEFUL_BEHAVIOURS = ['skip', 'proceed'] as const;
/** In an ungraceful run: skip the step, or proceed with data loss acknowledged. */
export type UngracefulBehaviour = (typeof UNGRACEFUL_BEHAVIOURS)[number];

/** Bounds of the per-step fields; the schema enforces them. */
export const STEP_LIMITS = { maxTimeoutSeconds: 86_400, maxRetries: 10, defaultTimeoutSeconds: 600 } as const;

/** Fields every step has, compensations included. */
export interface StepFields {
  /** DNS-label style, unique in the runbook (groups and compensations included). */
  name: string;
  description?: string;
  /** Defaults to `STEP_LIMITS.defaultTimeoutSeconds`. */
  timeoutSeconds?: number;
  /** 0..10, default 0. */
  retries?: number;
  /** A reference expression; the step runs only when it is truthy, and is skipped otherwise. */
  condition?: ReferenceText;
  ungraceful: UngracefulBehaviour;
}

/** A step of one type. */
export type StepOfType<T extends StepType> = StepFields & {
  type: T;
  with: StepWithByType[T];
  /** Default `abort`. */
  onFailure?: OnFailure;
  /** Present exactly when onFailure is `compensate`. */
  compensate?: CompensationStep[];
};

/** A step: common fields and a `with` typed by its `type`. */
export type Step = { [T in StepType]: StepOfType<T> }[StepType];

/** A compensation of one type: a step run to undo another, which cannot be compensated itself. */
export type CompensationOfType<T extends StepType> = StepFields & {
  type: T;
  with: StepWithByType[T];
  onFailure?: 'abort' | 'continue';
};

export type CompensationStep = { [T in StepType]: CompensationOfType<T> }[StepType];

/** Steps that start together; the group finishes when all of them have. One level: no group inside a group. */
export interface ParallelGroup {
  name: string;
  description?: string;
  parallel: Step[];
}

export type RunbookEntry = Step | ParallelGroup;

export interface RunbookSpec {
  inputs?: Record<string, RunbookInput>;
  rto?: { objectiveSeconds: number };
  steps: RunbookEntry[];
}

export interface RunbookDefinition {
  apiVersion: typeof RUNBOOK_API_VERSION;
  kind: typeof RUNBOOK_KIND;
  metadata: { name: string; description?: string };
  spec: RunbookSpec;
}

export function isParallelGroup(entry: RunbookEntry): entry is ParallelGroup {
  return 'parallel' in entry;
}

/** The effective failure policy of a step. */
export function onFailureOf(step: Step | CompensationStep): OnFailure {
  return step.onFailure ?? 'abort';
}
