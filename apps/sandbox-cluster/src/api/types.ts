// The subset of Kubernetes object shapes the sandbox reads and writes. Objects are JSON: fields the
// sandbox does not interpret are carried through untouched, hence the index signatures, and every shape
// extends JsonObject so a typed object goes wherever JSON does without a cast.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export interface OwnerReference extends JsonObject {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry extends JsonObject {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta extends JsonObject {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject extends JsonObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: JsonObject;
  status?: JsonObject;
}

export interface StatusCause extends JsonObject {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusObject extends JsonObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  [key: string]: JsonValue | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * What every object the sandbox stores has: a metadata object, and a kind, an API version, a spec and a
 * status of the right JSON type when present. Metadata's own fields are the validation's to check.
 */
export function isKubeObject(value: JsonValue): value is KubeObject {
  return (
    isJsonObject(value) &&
    isJsonObject(value.metadata) &&
    isAbsentOr(value.apiVersion, isString) &&
    isAbsentOr(value.kind, isString) &&
    isAbsentOr(value.spec, isJsonObject) &&
    isAbsentOr(value.status, isJsonObject)
  );
}

function isString(value: JsonValue): value is string {
  return typeof value === 'string';
}

function isAbsentOr(value: JsonValue | undefined, check: (value: JsonValue) => boolean): boolean {
  return value === undefined || check(value);
}
