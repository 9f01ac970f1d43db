/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object: how tenancy errors name an object. */
export function objectLabel(object: { kind: string; metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = object.metadata;
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}
