/**
 * The shapes the console reads, as the control plane's OpenAPI document declares them. Each interface has
 * an exhaustive field list below (the compiler refuses a missing or extra key), which the contract spec
 * checks against the document's schema of the same name: a field the console reads must exist there.
 */
export type Role = 'viewer' | 'operator' | 'admin';
export type HealthState = 'Unknown' | 'Healthy' | 'Degraded' | 'Unreachable' | 'Unauthorized';
export const HEALTH_STATES: readonly HealthState[] = ['Healthy', 'Degraded', 'Unreachable', 'Unauthorized', 'Unknown'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WhoAmIView {
  tokenId: string;
  tokenName: string;
  actor: string;
  /** Present when signed in through single sign-on. */
  person: PersonView | null;
  team: string;
  role: Role;
  platformAdmin: boolean;
}

export interface PersonView {
  sessionId: string;
  name: string | null;
  email: string | null;
}

export interface SsoStatusView {
  enabled: boolean;
  issuer: string | null;
}

export interface SessionView {
  id: string;
  team: string;
  role: Role;
}

export interface RedeemedSessionView {
  token: string;
  session: SessionView;
}

export interface ClusterHealthView {
  state: HealthState;
  reason: string;
  changedAt: string | null;
  lastProbeAt: string | null;
  latencyMs: number | null;
}

export interface CapacityView {
  cpuMillicores: number;
  memoryBytes: number;
  nodes: number;
  observedAt: string;
}

export interface ClusterView {
  name: string;
  team: string;
  cloud: string;
  region: string;
  environment: string;
  labels: Record<string, string>;
  cordoned: boolean;
  health: ClusterHealthView;
  capacity: CapacityView | null;
}

export interface ProbeView {
  at: string;
  state: HealthState;
  reason: string;
  latencyMs: number;
  cloud: { ok: boolean; status?: string; error?: string };
  api: { ok: boolean; status?: string; latencyMs?: number; error?: string };
}

export interface TransitionView {
  at: string;
  from: HealthState;
  to: HealthState;
  reason: string;
}

export interface ClusterHealthReportView {
  cluster: string;
  current: ClusterHealthView;
  recentProbes: ProbeView[];
  transitions: TransitionView[];
}

export interface ApplicationView {
  name: string;
  team: string;
  defaultNamespace: string;
}

export interface TargetTimings {
  queuedAt: string;
  totalMs: number | null;
  queueMs: number | null;
  applyMs: number | null;
  waitReadyMs: number | null;
}

export interface TargetObject {
  kind?: string;
  namespace?: string | null;
  name?: string;
  state?: string;
  reason?: string;
  message?: string;
}

export interface DriftField {
  path: string;
  expected?: unknown;
  actual?: unknown;
}

export interface DriftObject {
  kind?: string;
  namespace?: string | null;
  name?: string;
  fields?: DriftField[];
  missing?: boolean;
}

export interface TargetView {
  cluster: string;
  cloud: string;
  wave: number;
  state: string;
  since: string;
  attempts: number;
  lastError: string;
  objects: TargetObject[];
  drift: DriftObject[] | null;
  timings: TargetTimings;
}

export interface DeploymentView {
  id: string;
  application: string;
  release: string;
  kind: string;
  state: string;
  reason: string;
  summary: Record<string, number>;
  approvedWaves: number[];
  targets: TargetView[];
  createdAt: string;
  finishedAt: string | null;
}

export interface ClusterDriftView {
  cluster: string;
  deploymentId: string;
  checkedAt?: string;
  inSync?: boolean;
  objects: DriftObject[];
}

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  actorTeam: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  team: string | null;
  requestId: string | null;
}

export interface ReleaseObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ReleaseView {
  version: string;
  contentHash: string;
  objectCount: number;
  objects: ReleaseObjectRef[];
  createdAt: string;
}

/** A Kubernetes object as JSON: only the identity is read by name, the rest is shown as YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

export interface ReleaseManifestsView {
  version: string;
  contentHash: string;
  objects: KubeObject[];
}

/** What one cluster would receive (the render endpoint declares no schema; bindings come redacted). */
export interface RenderPreview {
  cluster: string;
  releaseHash: string;
  objects: KubeObject[];
  namespacesToEnsure: string[];
}

/** A binding's credential as the API shows it: its kind, version and reference, never a value. */
export interface BindingCredentialView {
  type: string;
  version?: string;
  reference?: string;
  expiresAt?: string;
  retiringVersion?: string;
}

export interface BindingView {
  id: string;
  name: string;
  class: string;
  scopeDescription: string;
  instance: string;
  locality: string;
  credential: BindingCredentialView;
  revision: number;
  updatedAt: string;
}

export interface BindingListView {
  items: BindingView[];
}

export interface BindingConditionView {
  type: 'Ready';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface BindingRevisionRefView {
  bindingId: string;
  revision: number;
  credentialVersion: string;
}

export interface DesiredBindingView extends BindingRevisionRefView {
  instance: string;
}

export interface BindingStatusView {
  binding: string;
  cluster: string;
  desired: DesiredBindingView | null;
  applied: BindingRevisionRefView | null;
  deployment?: string;
  conditions: BindingConditionView[];
}

export interface BindingStatusListView {
  application: string;
  items: BindingStatusView[];
}

export interface ExplainedCandidate {
  bindingId: string;
  scope: string;
  instance: string;
  verdict: 'chosen' | 'refused' | 'shadowed' | 'not-matching';
  reason: string;
}

/** One binding name resolved for a cluster; the Secret's credential values come redacted by the API. */
export interface ResolvedBindingView {
  name: string;
  status: 'bound' | 'unsatisfied';
  scope?: string;
  instance?: string;
  revision?: number;
  reason?: string;
  secret?: { name: string; type: string; entries: Record<string, string>; sources: Record<string, string> };
  candidates: ExplainedCandidate[];
}

export interface ResolutionView {
  application: string;
  cluster: string;
  bindings: ResolvedBindingView[];
}

export interface EnvironmentView {
  name: string;
  team: string;
  bindingsEnvironment: string;
  createdAt: string;
}

/** What one application runs in an environment, by which promotion, and whether a manual rollback pinned it. */
export interface EnvironmentReleaseView {
  application: string;
  release: string;
  promotionId: string | null;
  pinned: boolean;
  pinnedBy: string | null;
  pinReason: string | null;
  pinnedAt: string | null;
  updatedAt: string;
}

export interface PipelineStage {
  environment: string;
  upstreams?: string[];
  upstreamPolicy?: 'any' | 'all';
  autoPromote?: boolean;
  gates?: {
    soakSeconds?: number;
    approvals?: { required: number; minimumRole?: string; ttlSeconds?: number };
    verification?: Array<{ kind: string; name: string }>;
    rollbackOnFailure?: boolean;
  };
}

export interface PipelineView {
  application: string;
  stages: PipelineStage[];
  updatedAt: string;
}

export const PROMOTION_STATES = [
  'Pending',
  'CheckingGates',
  'AwaitingApproval',
  'Deploying',
  'Verifying',
  'Succeeded',
  'Failed',
  'Rejected',
  'Expired',
  'Cancelled',
] as const;

export interface PromotionItemView {
  application: string;
  release: string;
  previousRelease: string | null;
  deploymentId: string | null;
}

/** A gate's latest result; its evidence is the gate's own shape, shown as it comes. */
export interface GateResultView {
  gate: string;
  status: string;
  reason: string;
  evidence: Record<string, unknown>;
  evaluatedAt: string;
}

export interface ApprovalView {
  approver: string;
  role: string;
  decision: string;
  comment: string;
  at: string;
}

export interface PromotionView {
  id: string;
  team: string;
  from: string;
  to: string;
  state: string;
  reason: string;
  requestedBy: string;
  items: PromotionItemView[];
  gateResults: GateResultView[];
  approvals: ApprovalView[];
  createdAt: string;
  finishedAt: string | null;
}

/** Every key of T, exactly once: the compiler checks the list is neither short nor long. */
const fieldsOf = <T>(fields: Record<keyof T, true>): string[] => Object.keys(fields);

/** The OpenAPI component schemas the console reads, with the fields it reads from each. */
export const SCHEMA_FIELDS: Record<string, string[]> = {
  WhoAmIView: fieldsOf<WhoAmIView>({
    tokenId: true,
    tokenName: true,
    actor: true,
    person: true,
    team: true,
    role: true,
    platformAdmin: true,
  }),
  PersonView: fieldsOf<PersonView>({ sessionId: true, name: true, email: true }),
  SsoStatusView: fieldsOf<SsoStatusView>({ enabled: true, issuer: true }),
  SessionView: fieldsOf<SessionView>({ id: true, team: true, role: true }),
  RedeemedSessionView: fieldsOf<RedeemedSessionView>({ token: true, session: true }),
  ClusterView: fieldsOf<ClusterView>({
    name: true,
    team: true,
    cloud: true,
    region: true,
    environment: true,
    labels: true,
    cordoned: true,
    health: true,
    capacity: true,
  }),
  ClusterHealthView: fieldsOf<ClusterHealthView>({
    state: true,
    reason: true,
    changedAt: true,
    lastProbeAt: true,
    latencyMs: true,
  }),
  CapacityView: fieldsOf<CapacityView>({ cpuMillicores: true, memoryBytes: true, nodes: true, observedAt: true }),
  ClusterHealthReportView: fieldsOf<ClusterHealthReportView>({
    cluster: true,
    current: true,
    recentProbes: true,
    transitions: true,
  }),
  ProbeView: fieldsOf<ProbeView>({ at: true, state: true, reason: true, latencyMs: true, cloud: true, api: true }),
  TransitionView: fieldsOf<TransitionView>({ at: true, from: true, to: true, reason: true }),
  ApplicationView: fieldsOf<ApplicationView>({ name: true, team: true, defaultNamespace: true }),
  TargetTimings: fieldsOf<TargetTimings>({
    queuedAt: true,
    totalMs: true,
    queueMs: true,
    applyMs: true,
    waitReadyMs: true,
  }),
  TargetView: fieldsOf<TargetView>({
    cluster: true,
    cloud: true,
    wave: true,
    state: true,
    since: true,
    attempts: true,
    lastError: true,
    objects: true,
    drift: true,
    timings: true,
  }),
  DeploymentView: fieldsOf<DeploymentView>({
    id: true,
    application: true,
    release: true,
    kind: true,
    state: true,
    reason: true,
    summary: true,
    approvedWaves: true,
    targets: true,
    createdAt: true,
    finishedAt: true,
  }),
  ReleaseView: fieldsOf<ReleaseView>({
    version: true,
    contentHash: true,
    objectCount: true,
    objects: true,
    createdAt: true,
  }),
  ReleaseManifestsView: fieldsOf<ReleaseManifestsView>({ version: true, contentHash: true, objects: true }),
  AuditEventView: fieldsOf<AuditEventView>({
    id: true,
    at: true,
    actor: true,
    actorTeam: true,
    action: true,
    resourceType: true,
    resourceId: true,
    team: true,
    requestId: true,
  }),
  BindingCredentialView: fieldsOf<BindingCredentialView>({
    type: true,
    version: true,
    reference: true,
    expiresAt: true,
    retiringVersion: true,
  }),
  BindingView: fieldsOf<BindingView>({
    id: true,
    name: true,
    class: true,
    scopeDescription: true,
    instance: true,
    locality: true,
    credential: true,
    revision: true,
    updatedAt: true,
  }),
  BindingListView: fieldsOf<BindingListView>({ items: true }),
  BindingConditionView: fieldsOf<BindingConditionView>({
    type: true,
    status: true,
    reason: true,
    message: true,
    lastTransitionTime: true,
  }),
  BindingRevisionRefView: fieldsOf<BindingRevisionRefView>({
    bindingId: true,
    revision: true,
    credentialVersion: true,
  }),
  DesiredBindingView: fieldsOf<DesiredBindingView>({
    bindingId: true,
    revision: true,
    credentialVersion: true,
    instance: true,
  }),
  BindingStatusView: fieldsOf<BindingStatusView>({
    binding: true,
    cluster: true,
    desired: true,
    applied: true,
    deployment: true,
    conditions: true,
  }),
  BindingStatusListView: fieldsOf<BindingStatusListView>({ application: true, items: true }),
  ResolvedBindingView: fieldsOf<ResolvedBindingView>({
    name: true,
    status: true,
    scope: true,
    instance: true,
    revision: true,
    reason: true,
    secret: true,
    candidates: true,
  }),
  ResolutionView: fieldsOf<ResolutionView>({ application: true, cluster: true, bindings: true }),
  EnvironmentView: fieldsOf<EnvironmentView>({ name: true, team: true, bindingsEnvironment: true, createdAt: true }),
  EnvironmentReleaseView: fieldsOf<EnvironmentReleaseView>({
    application: true,
    release: true,
    promotionId: true,
    pinned: true,
    pinnedBy: true,
    pinReason: true,
    pinnedAt: true,
    updatedAt: true,
  }),
  PipelineView: fieldsOf<PipelineView>({ application: true, stages: true, updatedAt: true }),
  PipelineStageDto: fieldsOf<PipelineStage>({
    environment: true,
    upstreams: true,
    upstreamPolicy: true,
    autoPromote: true,
    gates: true,
  }),
  PromotionItemView: fieldsOf<PromotionItemView>({
    application: true,
    release: true,
    previousRelease: true,
    deploymentId: true,
  }),
  ApprovalView: fieldsOf<ApprovalView>({ approver: true, role: true, decision: true, comment: true, at: true }),
  PromotionView: fieldsOf<PromotionView>({
    id: true,
    team: true,
    from: true,
    to: true,
    state: true,
    reason: true,
    requestedBy: true,
    items: true,
    gateResults: true,
    approvals: true,
    createdAt: true,
    finishedAt: true,
  }),
};
