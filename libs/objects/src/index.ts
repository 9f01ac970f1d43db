export type { JsonObject, JsonPrimitive, JsonValue } from './json';
export { canonicalJson, cloneJson, isJsonObject } from './json';
export type { KubeObject, ObjectIdentity, ObjectMeta, StringMap } from './kube-object';
export { apiGroupOf, describeObject, identityKey, identityOf } from './kube-object';
export { managerFor, managerName, ownedObjectsSelector, ownershipKeys } from './ownership-labels';
export { compareInstallOrder, installTierOf } from './install-order';
