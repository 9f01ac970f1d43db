import type { LabelSelector } from '@fleetplane/fanout';
import type { ServiceClassName, ServiceCloud } from '@fleetplane/providers';

/** Which of a replicated service's members a binding points at. */
export const BINDING_ROLES = ['primary', 'replica'] as const;
export type BindingRole = (typeof BINDING_ROLES)[number];

/** Where the bound instance must be relative to the cluster the binding is resolved for. */
export const LOCALITY_POLICIES = ['same-region', 'same-cloud', 'any'] as const;
export type LocalityPolicy = (typeof LOCALITY_POLICIES)[number];

/** The clusters a binding applies to, most specific first; resolution picks the most specific that matches. */
export type BindingScope =
  | { level: 'cluster'; cluster: string }
  | { level: 'labels'; selector: LabelSelector }
  | { level: 'region'; region: string }
  | { level: 'cloud'; cloud: ServiceCloud }
  | { level: 'environment'; environment: string }
  | { level: 'default' };
export type BindingScopeLevel = BindingScope['level'];

/** Scope levels, most specific first: the order resolution prefers them in. */
export const SCOPE_LEVELS: readonly BindingScopeLevel[] = [
  'cluster',
  'labels',
  'region',
  'cloud',
  'environment',
  'default',
];

/**
 * How a workload authenticates to the instance. `stored`: the fields are encrypted in the control plane's
 * secret store (`secretId`), with a version bumped on every change; `cloud-secret`: a reference into the
 * cloud's own secret store, read when a target is rendered; `none`: the class needs no credential (a bucket
 * or queue reached with the workload's own cloud identity). Never holds a secret value itself.
 */
export type BindingCredential =
  | {
      type: 'stored';
      secretId: string;
      version: number;
      fieldNames: string[];
      expiresAt?: string;
      previous?: RetiringCredential;
    }
  | { type: 'cloud-secret'; reference: string; version?: string }
  | { type: 'none' };

/**
 * The stored credential a rotation replaced, kept valid (its secret not deleted) until the deployments
 * that roll the new one out (`deployments`, written once they are started) have all finished; then it is
 * retired. `since`: when it was replaced.
 */
export interface RetiringCredential {
  secretId: string;
  version: number;
  since: string;
  deployments?: string[];
}

/** Which workloads of the release get the binding projected. */
export type WorkloadSelection =
  { type: 'all' } | { type: 'names'; names: WorkloadName[] } | { type: 'labels'; selector: LabelSelector };

export interface WorkloadName {
  kind: WorkloadKind;
  name: string;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** An environment variable set from one entry of the binding's Secret. */
export interface BindingEnvVar {
  name: string;
  key: string;
}

/** A service instance as resolution sees it: where it is and how to reach it, no credential. */
export interface InstanceView {
  id: string;
  name: string;
  cloud: ServiceCloud;
  nativeId: string;
  product: string;
  serviceClass: ServiceClassName;
  region: string;
  endpoint?: { host: string; port?: number };
  uri?: string;
  engine?: string;
  replicaOfId?: string;
}

/** A binding as resolution sees it. */
export interface BindingView {
  id: string;
  name: string;
  scope: BindingScope;
  instanceId: string;
  role: BindingRole;
  locality: LocalityPolicy;
  revision: number;
  workloads: WorkloadSelection;
  env: BindingEnvVar[];
  credential: BindingCredential;
}

/** The cluster a binding is resolved for. */
export interface ClusterView {
  name: string;
  cloud: string;
  region: string;
  environment: string;
  labels: Readonly<Record<string, string>>;
}

/** What a binding revision records: everything a rotation or re-resolution compares, no secret value. */
export interface BindingSnapshot {
  scope: BindingScope;
  instanceId: string;
  instanceEndpoint?: { host: string; port?: number };
  instanceUri?: string;
  role: BindingRole;
  locality: LocalityPolicy;
  credential: BindingCredential;
  workloads: WorkloadSelection;
  env: BindingEnvVar[];
}
