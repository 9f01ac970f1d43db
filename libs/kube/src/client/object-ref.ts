/** Names one object on a cluster: enough to find its REST path. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** A type of object, without a particular instance. */
export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** What the client applies: any manifest with an apiVersion, a kind and a name (libs/fanout's KubeObject fits). */
export interface ApplyManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export function refOf(object: ApplyManifest): ObjectRef {
  const { apiVersion, kind, metadata } = object;
  return refOnly({ apiVersion, kind, namespace: metadata.namespace, name: metadata.name });
}

/** Just the reference fields of anything that carries them (an AppliedObject, say). */
export function refOnly(object: ObjectRef): ObjectRef {
  const { apiVersion, kind, namespace, name } = object;
  return namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, namespace, name };
}

/** `Deployment shop/storefront` or `Namespace shop`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}
