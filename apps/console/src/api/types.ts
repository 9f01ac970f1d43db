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
};
