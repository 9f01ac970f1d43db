import { JsonObject } from './json';

export interface StringMap {
  [key: string]: string;
}

export interface ObjectMeta extends JsonObject {
  name: string;
  namespace?: string;
  labels?: StringMap;
  annotations?: StringMap;
}

/** A Kubernetes object that passed manifest validation: apiVersion, kind and metadata.name are present. */
export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** Identity as the API server sees it: the API version is a representation, not part of the identity. */
export interface ObjectIdentity {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function identityOf(object: KubeObject): ObjectIdentity {
  const identity: ObjectIdentity = {
    group: apiGroupOf(object.apiVersion),
    kind: object.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace !== undefined) identity.namespace = object.metadata.namespace;
  return identity;
}

export function identityKey(identity: ObjectIdentity): string {
  const groupKind = identity.group === '' ? identity.kind : `${identity.kind}.${identity.group}`;
  return identity.namespace === undefined
    ? `${groupKind}/${identity.name}`
    : `${groupKind}/${identity.namespace}/${identity.name}`;
}

export function describeObject(object: KubeObject): string {
  return identityKey(identityOf(object));
}
