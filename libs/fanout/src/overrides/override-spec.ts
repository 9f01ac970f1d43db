import { JsonObject, JsonValue } from '@fleetplane/objects';
import { LabelSelector } from '../common/label-selector';

/** Which clusters an override applies to; more specific levels apply later and so win. */
export type OverrideScope =
  | { level: 'cloud'; cloud: string }
  | { level: 'region'; region: string }
  | { level: 'label'; selector: LabelSelector }
  | { level: 'cluster'; cluster: string };

export type OverrideLevel = OverrideScope['level'];

export const overridePrecedence: Readonly<Record<OverrideLevel, number>> = {
  cloud: 0,
  region: 1,
  label: 2,
  cluster: 3,
};

/** The one object an override changes; without a namespace the name must be unique across namespaces. */
export interface ObjectTarget {
  kind: string;
  name: string;
  namespace?: string;
  /** Narrows to one API group when two groups define the same kind. */
  apiVersion?: string;
}

export type JsonPatchOperation =
  | { op: 'add'; path: string; value: JsonValue }
  | { op: 'replace'; path: string; value: JsonValue }
  | { op: 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move'; path: string; from: string }
  | { op: 'copy'; path: string; from: string };

export type OverridePatch =
  { type: 'json'; operations: readonly JsonPatchOperation[] } | { type: 'merge'; patch: JsonObject };

export interface ObjectOverride {
  scope: OverrideScope;
  target: ObjectTarget;
  patch: OverridePatch;
}

/**
 * Rewrites image registries on clusters of one cloud, e.g. `ghcr.io/acme/*` to
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/*`. Without `*`, `from` names one image exactly.
 * Tags and digests are kept. The first matching rewrite wins.
 */
export interface ImageRegistryRewrite {
  cloud: string;
  from: string;
  to: string;
}
